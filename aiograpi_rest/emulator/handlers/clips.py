"""Reel creation helpers: the creation preflight (with Trial Reels), Facebook sharing's config
and a reel's template. Pinning to the reels tab is `users/pin_timeline_media/` (`media.py`).
"""

from __future__ import annotations

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route

MAX_CLIP_SECONDS = 180
PROFESSIONAL = (2, 3)  # business, creator: Trial Reels are offered to professional accounts


@route("GET", "clips/clips_info_for_creation/")
def clips_info_for_creation(req: EmRequest) -> dict:
    viewer = req.viewer
    return {
        "trial_config": {"is_enabled": viewer.account_type in PROFESSIONAL},
        "max_duration_sec": MAX_CLIP_SECONDS,
        "min_duration_sec": 1,
        "is_eligible_for_clips_creation": True,
        "default_share_to_feed": True,
    }


@route("GET", "clips/user/share_to_fb_config/")
def share_to_fb_config(req: EmRequest) -> dict:
    """No emulated account has a linked Facebook page: sharing is unavailable, as Instagram says."""
    return {
        "enabled": True,
        "is_account_linked": False,
        "share_to_fb_unavailable": True,
        "default_share_to_fb_enabled": False,
        "user_id": int(req.viewer_pk),
    }


@route("POST", "clips/template/")
def clips_template(req: EmRequest) -> dict:
    """The reel's segments and song, for "Use as template"."""
    media = req.world.visible_media(req.viewer_pk, req.field("template_clips_media_id"))
    if media.product_type != "clips":
        raise errors.bad_request("This media is not a reel and has no template")
    template = {
        "media_id": media.id,
        "clips_segments": [{"duration_ms": int(media.video_duration * 1000), "index": 0}],
        "audio": builders.track_v1(req.world.tags.track(media.track_id)) if media.track_id else None,
    }
    return {"template": template, "template_clips_media_id": media.id}
