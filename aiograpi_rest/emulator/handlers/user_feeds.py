"""A user's media feeds: posts (pinned first), reels, IGTV videos, posts they are tagged in, stories."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.handlers.stories import live_stories
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.media import Media
from aiograpi_rest.emulator.world.paging import page
from aiograpi_rest.emulator.world.users import User

DEFAULT_COUNT = 12  # what a feed answers when the app sends no count
MAX_COUNT = 50
USERTAGS_PAGE = 12  # the tagged feed takes no count: Instagram picks the page size
USERTAGS_QUERY_HASH = "be13233562af2d229b008d2976b998b5"


def media_edges(medias: Iterable[Media], first: Sequence[str] = ()) -> list[tuple[int, Media]]:
    """Edges for `paging.page`, newest first, the pks in `first` ahead of the rest in their order.

    A media's place is its time and pk, not an offset, so a cursor survives posts being added or
    deleted between pages.
    """

    def seq(media: Media) -> int:
        rank = len(first) - first.index(media.pk) if media.pk in first else 0
        return (rank << 160) | (media.taken_at << 64) | int(media.pk)

    return sorted(((seq(m), m) for m in medias), key=lambda e: e[0], reverse=True)


def count_of(req: EmRequest, name: str = "count") -> int:
    raw = req.field(name)
    try:
        return max(1, min(int(raw), MAX_COUNT)) if raw else DEFAULT_COUNT
    except ValueError:
        raise errors.bad_request(f"Invalid {name}") from None


def _owner(req: EmRequest, pk: str) -> User:
    """A user whose content the viewer may see (PrivateAccount for a private one not followed)."""
    user = req.world.visible_user(req.viewer_pk, pk)
    req.world.require_view(req.viewer_pk, user)
    return user


def _posts(world: World, owner: User, *product_types: str) -> list[Media]:
    return [m for m in world.media.by_owner(owner.pk) if not product_types or m.product_type in product_types]


@route("GET", "feed/user/{user_id}/")
def user_feed(req: EmRequest) -> dict:
    world = req.world
    owner = _owner(req, req.params["user_id"])
    pinned = owner.pinned_media_pks
    edges = media_edges(_posts(world, owner), pinned)
    items, next_max_id = page(edges, req.field("max_id") or None, count_of(req))
    rendered = []
    for media in items:
        data = builders.media_v1(world, media, req.viewer_pk)
        if media.pk in pinned:
            data["timeline_pinned_user_ids"] = [int(owner.pk)]
        rendered.append(data)
    answer = {
        "items": rendered,
        "num_results": len(rendered),
        "more_available": next_max_id is not None,
        "auto_load_more_enabled": True,
        "user": builders.user_short(owner),
    }
    if next_max_id:
        answer["next_max_id"] = next_max_id
    return answer


@route("POST", "clips/user/")
def user_clips(req: EmRequest) -> dict:
    world = req.world
    owner = _owner(req, req.field("target_user_id"))
    pinned = owner.pinned_clip_pks
    edges = media_edges(_posts(world, owner, "clips"), pinned)
    items, next_max_id = page(edges, req.field("max_id") or None, count_of(req, "page_size"))
    rendered = []
    for media in items:
        data = builders.media_v1(world, media, req.viewer_pk)
        if media.pk in pinned:
            data["clips_tab_pinned_user_ids"] = [int(owner.pk)]
        rendered.append({"media": data})
    return {
        "items": rendered,
        "paging_info": {"max_id": next_max_id or "", "more_available": next_max_id is not None},
    }


@route("GET", "igtv/channel/")
def igtv_channel(req: EmRequest) -> dict:
    world = req.world
    channel = req.field("id")
    if not channel.startswith("uservideo_"):
        raise errors.bad_request(f"Invalid channel id {channel}")
    owner = _owner(req, channel.removeprefix("uservideo_"))
    edges = media_edges(_posts(world, owner, "igtv"))
    items, next_max_id = page(edges, req.field("max_id") or None, count_of(req))
    return {
        "id": channel,
        "title": owner.full_name,
        "user_dict": builders.user_short(owner),
        "items": [builders.media_v1(world, m, req.viewer_pk) for m in items],
        "more_available": next_max_id is not None,
        "next_max_id": next_max_id,
    }


def _tagged(req: EmRequest, user_pk: str) -> list[Media]:
    """Posts the user is tagged in that the viewer may see, newest first."""
    world, viewer = req.world, req.viewer_pk
    user = _owner(req, user_pk)
    return world.media.newest(
        lambda m: (
            any(pk == user.pk for pk, _, _ in m.usertags)
            and world.can_view(viewer, world.users.get(m.owner_pk))
        )
    )


@route("GET", "usertags/{user_id}/feed/")
def usertags_feed(req: EmRequest) -> dict:
    tagged = _tagged(req, req.params["user_id"])
    items, next_max_id = page(media_edges(tagged), req.field("max_id") or None, USERTAGS_PAGE)
    answer = {
        "items": [builders.media_v1(req.world, m, req.viewer_pk) for m in items],
        "num_results": len(items),
        "total_count": len(tagged),
        "more_available": next_max_id is not None,
    }
    if next_max_id:
        answer["next_max_id"] = next_max_id
    return answer


@route("GET", "/graphql/query/", host=WWW, auth=False, selector=("query_hash", USERTAGS_QUERY_HASH))
def usertags_gql(req: EmRequest) -> dict:
    """The web's tagged posts (aiograpi's `usertag_medias_gql`), as an anonymous visitor sees them:
    `first` a page, `after` a cursor."""
    variables = req.json_field("variables")
    tagged = _tagged(req, str(variables.get("id", "")))
    try:
        first = max(1, min(int(variables.get("first") or USERTAGS_PAGE), MAX_COUNT))
    except ValueError:
        raise errors.bad_request("Invalid first") from None
    items, end_cursor = page(media_edges(tagged), variables.get("after") or None, first)
    edges = [{"node": builders.media_gql(req.world, m, req.viewer_pk)} for m in items]
    photos_of_you = {
        "count": len(tagged),
        "page_info": {"has_next_page": end_cursor is not None, "end_cursor": end_cursor},
        "edges": edges,
    }
    return {"data": {"user": {"edge_user_to_photos_of_you": photos_of_you}}, "status": "ok"}


@route("GET", "feed/user/{user_id}/story/")
def user_story(req: EmRequest) -> dict:
    world, viewer = req.world, req.viewer_pk
    owner = _owner(req, req.params["user_id"])
    stories = live_stories(world, owner.pk, viewer)
    if not stories:
        return {"reel": None}
    return {
        "reel": {
            "id": int(owner.pk),
            "strong_id__": owner.pk,
            "reel_type": "user_reel",
            "latest_reel_media": stories[-1].taken_at,
            "seen": max((s.taken_at for s in stories if viewer in s.viewers), default=0),
            "media_count": len(stories),
            "user": builders.user_short(owner),
            "items": [builders.story_v1(world, s, viewer) for s in stories],
        }
    }
