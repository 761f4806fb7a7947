"""Live broadcasts and their comments."""

from __future__ import annotations

from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.builders.users import user_short
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.live import ACTIVE, Broadcast, LiveComment
from aiograpi_rest.emulator.world.users import CDN_BASE


def broadcast_v1(world: World, broadcast: Broadcast) -> Json:
    """`live/<id>/info/`, passed through by aiograpi."""
    live = broadcast.status == ACTIVE
    return {
        "id": int(broadcast.id),
        "broadcast_id": int(broadcast.id),
        "broadcast_status": broadcast.status,
        "broadcast_message": broadcast.title,
        "broadcast_owner": user_short(world.users.get(broadcast.owner_pk)),
        "published_time": broadcast.started_at or broadcast.created_at,
        "viewer_count": len(broadcast.viewers) if live else 0,
        "total_unique_viewer_count": len(broadcast.viewers),
        "comment_count": len(broadcast.comments),
        "dash_playback_url": f"{CDN_BASE}/hvideo-ash1/live-dash/{broadcast.id}.mpd" if live else None,
        "cover_frame_url": f"{CDN_BASE}/v/t51.2885-15/live_{broadcast.id}.jpg",
        "is_live_comment_mention_enabled": False,
    }


def live_comment_v1(world: World, comment: LiveComment) -> Json:
    return {
        "pk": comment.pk,
        "user_id": comment.user_pk,
        "user": user_short(world.users.get(comment.user_pk)),
        "text": comment.text,
        "created_at": comment.created_at,
        "type": 0,
        "content_type": "comment",
    }
