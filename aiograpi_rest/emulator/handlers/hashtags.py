"""A hashtag's page: its info (with whether the viewer follows it), its top, recent and reels
tabs (the posts whose captions carry it), and following it from the web."""

from __future__ import annotations

from aiograpi_rest.emulator import builders
from aiograpi_rest.emulator.handlers.sections import ranked, sections_page
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world.tags import Hashtag

# `media_recency_filter` per tab, as aiograpi sends it.
TOP, RECENT, CLIPS = "default", "top_recent_posts", "clips"


def _tag(req: EmRequest) -> Hashtag:
    media = req.world.media
    return req.world.tags.known_hashtag(
        req.params["name"], lambda name: bool(media.newest(lambda m: name in m.hashtags))
    )


@route("GET", "tags/{name}/info/")
def hashtag_info(req: EmRequest) -> dict:
    tag = _tag(req)
    count = len(req.world.media.newest(lambda m: tag.name in m.hashtags))
    following = (req.viewer_pk or "") in tag.followers
    return {
        **builders.hashtag_v1(tag, count),
        "following": int(following),
        "follow_status": int(following),
        "allow_following": 1,
        "follower_count": len(tag.followers),
    }


@route("POST", "tags/{name}/sections/")
def hashtag_sections(req: EmRequest) -> dict:
    tag = _tag(req)
    tab = req.field("media_recency_filter") or TOP
    if tab == CLIPS:
        medias = ranked(req, lambda m: tag.name in m.hashtags and m.product_type == "clips", top=False)
    else:
        medias = ranked(req, lambda m: tag.name in m.hashtags, top=tab != RECENT)
    return sections_page(req, medias)


# aiograpi 1.0.9 asks for www.instagram.com but `private_request` drops the domain: the call
# reaches i.instagram.com. Both hosts answer.
@route("POST", "web/tags/follow/{name}/")
@route("POST", "/api/v1/web/tags/follow/{name}/", host=WWW)
def hashtag_follow(req: EmRequest) -> dict:
    req.world.tags.follow_hashtag(req.params["name"], req.viewer_pk or "")
    return {}


@route("POST", "web/tags/unfollow/{name}/")
@route("POST", "/api/v1/web/tags/unfollow/{name}/", host=WWW)
def hashtag_unfollow(req: EmRequest) -> dict:
    req.world.tags.follow_hashtag(req.params["name"], req.viewer_pk or "", on=False)
    return {}
