"""Insights for professional accounts (`ads/graphql/`): the account, one post, the posts grid.

Metrics are derived from the world (likes, comments, saves, views), so they move when it does.
The grid ignores `timeframe`: the seed's posts are older than any window counted from today.
"""

from __future__ import annotations

from typing import Any

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.media import ALBUM, PHOTO, VIDEO, Media
from aiograpi_rest.emulator.world.paging import page_after
from aiograpi_rest.emulator.world.users import User

ACCOUNT_DOC_ID = "2449243051851783"
MEDIA_DOC_ID = "3221905377882880"
GRID_DOC_ID = "2345520318892697"
NOT_PROFESSIONAL = "Account is not business account"
POST_TYPES = {"ALL": None, "IMAGE": PHOTO, "VIDEO": VIDEO, "CAROUSEL_V2": ALBUM, "SHOPPING": -1}
ORDERING = {
    "REACH_COUNT": "reach_count",
    "LIKE_COUNT": "like_count",
    "FOLLOW": "follow_count",
    "SHARE_COUNT": "share_count",
    "BIO_LINK_CLICK": "bio_link_click_count",
    "COMMENT_COUNT": "comment_count",
    "IMPRESSION_COUNT": "impression_count",
    "PROFILE_VIEW": "profile_view_count",
    "VIDEO_VIEW_COUNT": "video_view_count",
    "SAVE_COUNT": "save_count",
}
MEDIA_TYPE_NAMES = {PHOTO: "IMAGE", VIDEO: "VIDEO", ALBUM: "CAROUSEL_ALBUM"}


def metrics(world: World, media: Media) -> dict[str, int]:
    likes, comments = len(media.likes), world.media.comment_count(media)
    reach = 10 * likes + 4 * comments + media.view_count + 25
    return {
        "like_count": likes,
        "comment_count": comments,
        "save_count": len(media.saved_by),
        "share_count": likes // 3,
        "reach_count": reach,
        "impression_count": reach + reach // 3,
        "follow_count": likes // 4,
        "profile_view_count": comments + likes // 2,
        "bio_link_click_count": comments // 2,
        "video_view_count": media.view_count,
    }


def _professional(req: EmRequest) -> User | None:
    user = req.world.users.get(req.viewer_pk)
    return user if user.is_business else None


def _node(world: World, media: Media) -> dict[str, Any]:
    image = builders.media_v1(world, media)["image_versions2"]["candidates"][-1]
    return {
        "id": media.pk,
        "instagram_media_id": media.pk,
        "instagram_media_owner_id": media.owner_pk,
        "instagram_media_type": MEDIA_TYPE_NAMES[media.media_type],
        "image": {"uri": image["url"], "width": image["width"], "height": image["height"]},
        "creation_time": media.taken_at,
        **metrics(world, media),
    }


def _business(manager: dict[str, Any] | None) -> dict:
    return {"data": {"shadow_instagram_user": {"business_manager": manager}}}


@route("POST", "ads/graphql/", selector=("doc_id", ACCOUNT_DOC_ID))
def account_insights(req: EmRequest) -> dict:
    user = _professional(req)
    if user is None:
        return _business(None)
    posts = req.world.media.by_owner(user.pk)
    totals = [metrics(req.world, m) for m in posts]
    top = sorted(posts, key=lambda m: metrics(req.world, m)["reach_count"], reverse=True)[:3]
    return _business(
        {
            "account_insights_unit": {
                "posts_count": len(posts),
                "reach_count": sum(t["reach_count"] for t in totals),
                "impressions_count": sum(t["impression_count"] for t in totals),
                "profile_visits_count": sum(t["profile_view_count"] for t in totals),
                "website_visits_count": sum(t["bio_link_click_count"] for t in totals),
            },
            "followers_unit": {
                "followers_count": req.world.social.follower_count(user.pk),
                "followers_delta_from_last_week": 0,
            },
            "top_posts_unit": {"top_posts": {"edges": [{"node": _node(req.world, m)} for m in top]}},
        }
    )


@route("POST", "ads/graphql/", selector=("doc_id", MEDIA_DOC_ID))
def media_insights(req: EmRequest) -> dict:
    if _professional(req) is None:
        raise errors.fail(400, NOT_PROFESSIONAL)
    media_pk = str(req.json_field("query_params").get("query_params", {}).get("id", ""))
    media = req.world.media.medias.get(media_pk)
    if media is None or media.deleted or media.owner_pk != req.viewer_pk:
        return {"data": {"instagram_post_by_igid": None}}
    values = metrics(req.world, media)
    return {
        "data": {
            "instagram_post_by_igid": {
                **_node(req.world, media),
                "inline_insights_node": {
                    "state": "AVAILABLE",
                    "metrics": {
                        "reach_count": values["reach_count"],
                        "impression_count": values["impression_count"],
                        "owner_profile_views_count": values["profile_view_count"],
                        "owner_account_follows_count": values["follow_count"],
                        "share_count": {"post": {"value": values["share_count"]}},
                    },
                },
            }
        }
    }


@route("POST", "ads/graphql/", selector=("doc_id", GRID_DOC_ID))
def posts_grid_insights(req: EmRequest) -> dict:
    user = _professional(req)
    if user is None:
        return _business(None)
    query = req.json_field("query_params")
    wanted = POST_TYPES.get(str(query.get("postType", "ALL")))
    ordering = ORDERING.get(str(query.get("dataOrdering", "REACH_COUNT")), "reach_count")
    posts = [m for m in req.world.media.by_owner(user.pk) if wanted is None or m.media_type == wanted]
    posts.sort(key=lambda m: (metrics(req.world, m)[ordering], int(m.pk)), reverse=True)
    chunk, cursor = page_after(posts, str(query.get("cursor") or ""), int(query.get("count") or 200), _pk)
    return _business(
        {
            "top_posts_unit": {
                "top_posts": {
                    "edges": [{"node": _node(req.world, m)} for m in chunk],
                    "page_info": {"has_next_page": cursor is not None, "end_cursor": cursor},
                }
            }
        }
    )


def _pk(media: Media) -> str:
    return media.pk
