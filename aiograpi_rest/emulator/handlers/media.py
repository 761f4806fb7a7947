"""Media: info (private and www GraphQL), like and unlike."""

from __future__ import annotations

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world.ids import pk_from_shortcode

MEDIA_INFO_QUERY_HASH = "477b65a610463740ccdb83135b2014db"
MEDIA_INFO_DOC_ID = "8845758582119845"


@route("GET", "media/{media_id}/info/")
def media_info(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.params["media_id"])
    return {
        "items": [builders.media_v1(req.world, media, req.viewer_pk)],
        "num_results": 1,
        "more_available": False,
        "auto_load_more_enabled": False,
    }


def _shortcode_media(req: EmRequest) -> dict | None:
    code = req.json_field("variables").get("shortcode", "")
    try:
        media = req.world.visible_media(req.viewer_pk, pk_from_shortcode(code))
    except (ValueError, errors.UpstreamError):  # unknown, private or malformed: www answers null
        return None
    return builders.media_gql(req.world, media, req.viewer_pk)


@route("GET", "/graphql/query/", host=WWW, auth=False, selector=("query_hash", MEDIA_INFO_QUERY_HASH))
def media_info_gql(req: EmRequest) -> dict:
    return {"data": {"shortcode_media": _shortcode_media(req)}}


@route("POST", "/graphql/query/", host=WWW, selector=("doc_id", MEDIA_INFO_DOC_ID))
def media_info_doc_id(req: EmRequest) -> dict:
    return {"data": {"xdt_shortcode_media": _shortcode_media(req)}}


@route("POST", "media/{media_id}/like/")
def media_like(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.params["media_id"])
    req.world.media.like(media, req.viewer_pk)
    return {}


@route("POST", "media/{media_id}/unlike/")
def media_unlike(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.params["media_id"])
    req.world.media.unlike(media, req.viewer_pk)
    return {}
