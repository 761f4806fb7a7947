"""Notifications: the activity inbox and the push-notification settings.

`GET /notifications/settings` lists what `PATCH` accepts; anything else is a 422 listing the
allowed values, before Instagram is asked.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from aiograpi.mixins.notification import MUTE_ALL_ITEMS, SETTING_VALUE_ITEMS
from fastapi import APIRouter, Form, Query
from pydantic import BaseModel

from aiograpi_rest.boundary import described
from aiograpi_rest.deps import SessionClient, SessionRecord
from aiograpi_rest.errors import invalid

router = APIRouter(prefix="/notifications", tags=["Notifications"])

MUTE_ALL = "mute_all"
# The settings aiograpi can change (its notification_* helpers), in the order the app lists them.
CONTENT_TYPES = (
    "likes",
    "like_and_comment_on_photo_user_tagged",
    "user_tagged",
    "comments",
    "comment_likes",
    "first_post",
    "new_follower",
    "follow_request_accepted",
    "connection_notification",
    "tagged_in_bio",
    "pending_direct_share",
    "direct_share_activity",
    "direct_group_requests",
    "video_call",
    "rooms",
    "live_broadcast",
    "felix_upload_result",
    "view_count",
    "fundraiser_creator",
    "fundraiser_supporter",
    "notification_reminders",
    "announcements",
    "report_updated",
    "login_notification",
)


class NotificationSettings(BaseModel):
    """What PATCH /notifications/settings accepts."""

    content_types: list[str]
    setting_values: list[str]
    mute_all_values: list[str]


@router.get("", summary="The activity inbox (new and earlier stories, counts)")
async def notifications(
    cl: SessionClient,
    mark_as_seen: Annotated[bool, Query(description="Mark the new stories as seen.")] = False,
) -> dict[str, Any]:
    return await cl.news_inbox_v1(mark_as_seen)


@router.get("/settings", summary="The notification settings PATCH accepts, and their allowed values")
async def notification_settings_supported(record: SessionRecord) -> NotificationSettings:
    return NotificationSettings(
        content_types=[*CONTENT_TYPES, MUTE_ALL],
        setting_values=list(SETTING_VALUE_ITEMS),
        mute_all_values=list(MUTE_ALL_ITEMS),
    )


def one_of_words(words: tuple[str, ...]) -> str:
    """A pattern taking exactly one of `words` (spaces around tolerated, as the code strips them)."""
    pattern = "^ *(" + "|".join(re.escape(w) for w in words) + ") *$"
    return described(pattern, f"one of: {', '.join(words)}")


@router.patch("/settings", summary="Change one notification setting (or mute all for a while)")
async def notification_setting_change(
    cl: SessionClient,
    content_type: Annotated[
        str,
        Form(
            pattern=one_of_words((*CONTENT_TYPES, MUTE_ALL)),
            description="One of GET /notifications/settings content_types, or mute_all.",
        ),
    ],
    setting_value: Annotated[
        str,
        Form(
            pattern=one_of_words((*SETTING_VALUE_ITEMS, *MUTE_ALL_ITEMS)),
            description="off, following_only or everyone; for mute_all a duration or cancel.",
        ),
    ],
) -> bool:
    content_type, setting_value = content_type.strip(), setting_value.strip()
    if content_type not in (*CONTENT_TYPES, MUTE_ALL):
        raise invalid("content_type", f"one of: {', '.join((*CONTENT_TYPES, MUTE_ALL))}")
    allowed = MUTE_ALL_ITEMS if content_type == MUTE_ALL else SETTING_VALUE_ITEMS
    if setting_value not in allowed:
        raise invalid("setting_value", f"for {content_type}, one of: {', '.join(allowed)}")
    if content_type == MUTE_ALL:
        return await cl.notification_mute_all(setting_value)
    return await cl.notification_settings(content_type, setting_value)


@router.delete("/settings", summary="Turn every notification setting off")
async def notifications_disable(cl: SessionClient) -> bool:
    return await cl.notification_disable()
