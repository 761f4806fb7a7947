"""The viewer's own feeds: archived posts, whether the timeline has new posts, a profile stream."""

from __future__ import annotations

import orjson

from aiograpi_rest.emulator import builders
from aiograpi_rest.emulator.http import Answer, EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.paging import page_after

ARCHIVE_PAGE = 12
STREAM_ROW = 6  # posts per row of a streamed profile feed


@route("GET", "feed/only_me_feed/")
def archive(req: EmRequest) -> dict:
    medias = req.world.media.by_owner(req.viewer_pk, archived=True)
    # The cursor is the last post's id, as on Instagram's other profile feeds.
    items, next_max_id = page_after(medias, req.field("max_id"), ARCHIVE_PAGE, lambda m: m.id)
    return {
        "items": [builders.media_v1(req.world, m, req.viewer_pk) for m in items],
        "num_results": len(items),
        "more_available": next_max_id is not None,
        "max_id": next_max_id,
    }


@route("GET", "feed/new_feed_posts_exist/")
def new_feed_posts_exist(req: EmRequest) -> dict:
    following = set(req.world.social.following(req.viewer_pk, None, 10_000)[0])
    newest = req.world.media.newest(lambda m: m.owner_pk in following)
    seen = req.world.account.seen_by(req.viewer_pk).timeline_newest
    return {"new_feed_posts_exist": bool(newest) and (newest[0].taken_at, int(newest[0].pk)) > seen}


@route("POST", "feed/user_stream/{item_id}/")
def user_stream(req: EmRequest) -> Answer:
    """Newline-separated JSON rows, which aiograpi gathers into `stream_rows`: the profile, its posts
    in rows, and a closing row."""
    owner = req.world.visible_user(req.viewer_pk, req.params["item_id"])
    req.world.require_view(req.viewer_pk, owner)
    medias = req.world.media.by_owner(owner.pk)
    rows = [
        {"user": builders.user_short(owner), "status": "ok"},
        *(
            {
                "items": [builders.media_v1(req.world, m, req.viewer_pk) for m in medias[i : i + STREAM_ROW]],
                "status": "ok",
            }
            for i in range(0, len(medias), STREAM_ROW)
        ),
        {"num_results": len(medias), "more_available": False, "status": "ok"},
    ]
    return Answer(b"\n".join(orjson.dumps(row) for row in rows), media_type="application/json")
