"""Which Instagram endpoints an operation may reach, from the contract's `upstream` field."""

from __future__ import annotations

import re
from typing import Any

from aiograpi_rest.emulator.coverage import normalize


def _endpoint_regex(key: str) -> re.Pattern[str]:
    """`VERB host/path` of the contract (placeholders, a GraphQL selector) as a regex over
    `VERB host/path` of a log entry. The selector is not compared: the log keeps form keys only."""
    if key.startswith("GET {cdn_url}"):
        return re.compile(r"GET (?!(i|www)\.instagram\.com/)\S+")
    url = normalize(key).split(" [", 1)[0]
    return re.compile("[^/]+".join(re.escape(part) for part in url.split("{}")))


# Endpoints the contract's `upstream` field misses, each read in aiograpi 1.0.9's source: the
# `revert=True` branch of a method, or a method that calls another URL than listed. Listed in
# docs/fuzzing.md; remove an entry once the contract has it.
PHOTO_RUPLOAD = "POST i.instagram.com/rupload_igphoto/{upload_name}"
MESSENGER_VIDEO = (
    "GET rupload.facebook.com/messenger_video/{entity}",
    "POST rupload.facebook.com/messenger_video/{entity}",
)
DIRECT_VIDEO = (
    "GET direct_v2/threads/get_by_participants/",
    "POST direct_v2/threads/broadcast/raven_attachment/",
)
CONTRACT_GAPS: dict[str, tuple[str, ...]] = {
    "POST /media/like": ("POST media/{media_id}/unlike/",),  # media_like(revert=True)
    "POST /media/save": ("POST media/{media_id}/unsave/",),  # media_save(revert=True)
    "POST /media/archive": ("POST media/{media_id}/undo_only_me/",),  # media_archive(revert=True)
    "POST /media/comment/like": ("POST media/{comment_pk}/comment_unlike/",),  # comment_like(revert=True)
    "POST /media/comment/pin": (
        "POST media/{media_id}/unpin_comment/{comment_pk}",
    ),  # comment_pin(revert=True)
    "POST /media/pin": ("POST users/unpin_timeline_media/",),  # media_pin(revert=True)
    "POST /clip/pin": ("POST users/unpin_timeline_media/",),  # clip_pin(revert=True)
    "POST /story/like": ("POST story_interactions/unsend_story_like",),  # story_like(revert=True)
    "GET /account/liked/media": ("GET feed/liked/",),  # liked_medias → collection_medias_v1_chunk
    "GET /account/collection/media": ("GET feed/collection/{collection_pk}/",),  # collection_medias_v1_chunk
    "GET /media/comments": ("GET media/{media_id}/comments/",),  # private_request(params=...) is a GET
    # album_upload's configure step, missing from the contract's list for it.
    "POST /album/upload": ("POST media/configure_sidecar/",),
    "POST /album/upload/with/music": ("POST media/configure_sidecar/",),
    # hashtag_follow asks for www.instagram.com, but private_request drops `domain`: the call goes
    # to i.instagram.com; unfollow=true takes the unfollow branch.
    "POST /hashtag/follow": ("POST web/tags/follow/{hashtag}/", "POST web/tags/unfollow/{hashtag}/"),
    "DELETE /hashtag/follow": ("POST web/tags/unfollow/{hashtag}/",),
    # Ours: a refused state change reads the broadcast to say why (409, or 404 for none).
    "PATCH /media/livestream": ("GET live/{broadcast_id}/info/",),
    # A sessionid Instagram does not know: its www GraphQL fallback is redirected to the login page,
    # and aiograpi's client follows the redirect.
    "POST /auth/login/by/sessionid": ("GET www.instagram.com/accounts/login/",),
    # Ours: each mentioned user is looked up (by pk or username) before a story goes up.
    **{
        op: ("GET users/{user_id}/info/", "GET users/{username}/usernameinfo/")
        for op in ("POST /story/upload", "POST /story/upload/by/url", "POST /direct/video/upload")
    },
    # direct_send posts a text without a link to broadcast/text/ (the contract lists link/ only).
    "POST /direct/message": ("POST direct_v2/threads/broadcast/text/",),
    "POST /direct/thread/message": ("POST direct_v2/threads/broadcast/text/",),
    # The bytes of a Direct photo, video or voice note, before the broadcast that sends them; a
    # video file goes through direct_send_video (aiograpi's configure_video path is broken).
    "POST /direct/photo": (PHOTO_RUPLOAD,),
    "POST /direct/file": (PHOTO_RUPLOAD, *MESSENGER_VIDEO, *DIRECT_VIDEO),
    "POST /direct/video": MESSENGER_VIDEO,
    "POST /direct/voice": (
        "GET rupload.facebook.com/messenger_audio/{entity}",
        "POST rupload.facebook.com/messenger_audio/{entity}",
    ),
    # Ours, not in the contract: revoking a session with logout=true logs it out upstream too.
    "DELETE /auth/session": ("POST accounts/logout/",),
}


def allowed_upstream(contract: list[dict[str, Any]]) -> dict[str, list[re.Pattern[str]]]:
    """`METHOD /path` of each operation → the upstream endpoints its client methods may reach."""
    allowed: dict[str, list[re.Pattern[str]]] = {
        label: [_endpoint_regex(key) for key in keys] for label, keys in CONTRACT_GAPS.items()
    }
    for route in contract:
        label = f"{route['method']} {route['path']}"
        keys = [key for keys in route["upstream"].values() for key in keys] + list(
            CONTRACT_GAPS.get(label, ())
        )
        allowed[label] = [_endpoint_regex(key) for key in keys]
    return allowed


def stray_upstream(patterns: list[re.Pattern[str]], entries: list[dict[str, Any]]) -> list[str]:
    """`VERB host/path` of the emulator log entries that match none of an operation's `patterns`."""
    lines = [f"{e['method']} {e['host']}{e['path']}" for e in entries]
    return [line for line in lines if not any(p.fullmatch(line) for p in patterns)]
