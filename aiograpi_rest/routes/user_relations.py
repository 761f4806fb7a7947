"""User relationships: follow, follower, block, close friends, mutes and notification flags.

`POST` creates or enables, `DELETE` removes or disables; each answers aiograpi's boolean. The
user is `user_id` (a form field on POST, a query parameter on DELETE, as in the reference); a
username given there is looked up first, at the cost of one more upstream call.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query

from aiograpi_rest.boundary import WORD_PATTERN
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.selectors import UserIdForm, UserIdQuery

router = APIRouter(prefix="/user", tags=["User"])

SURFACE_HELP = "Where the block happens: 'profile' or 'direct_thread_info'."
REVERT_HELP = "Undo instead (same as the DELETE route)."


@router.post("/follow", summary="Follow a user (a private account gets a follow request)")
async def follow(cl: SessionClient, user: UserIdForm) -> bool:
    return await cl.user_follow(await user.resolve(cl))


@router.delete("/follow", summary="Unfollow a user, or withdraw a follow request")
async def unfollow(cl: SessionClient, user: UserIdQuery) -> bool:
    return await cl.user_unfollow(await user.resolve(cl))


@router.delete("/follower", summary="Remove a follower of this account")
async def remove_follower(cl: SessionClient, user: UserIdQuery) -> bool:
    return await cl.user_remove_follower(await user.resolve(cl))


@router.post("/block", summary="Block a user")
async def block(
    cl: SessionClient,
    user: UserIdForm,
    surface: Annotated[str, Form(pattern=WORD_PATTERN, description=SURFACE_HELP)] = "profile",
) -> bool:
    return await cl.user_block(await user.resolve(cl), surface)


@router.delete("/block", summary="Unblock a user")
async def unblock(
    cl: SessionClient,
    user: UserIdQuery,
    surface: Annotated[str, Query(pattern=WORD_PATTERN, description=SURFACE_HELP)] = "profile",
) -> bool:
    return await cl.user_unblock(await user.resolve(cl), surface)


@router.post("/close-friend", summary="Add a user to Close Friends")
async def close_friend_add(cl: SessionClient, user: UserIdForm) -> bool:
    return bool(await cl.close_friend_add(await user.resolve(cl)))


@router.delete("/close-friend", summary="Remove a user from Close Friends")
async def close_friend_remove(cl: SessionClient, user: UserIdQuery) -> bool:
    return bool(await cl.close_friend_remove(await user.resolve(cl)))


@router.post("/mute/posts", summary="Mute a followed user's posts in the feed (revert=true unmutes)")
async def mute_posts(
    cl: SessionClient, user: UserIdForm, revert: Annotated[bool, Form(description=REVERT_HELP)] = False
) -> bool:
    return await cl.mute_posts_from_follow(await user.resolve(cl), revert)


@router.delete("/mute/posts", summary="Unmute a followed user's posts")
async def unmute_posts(cl: SessionClient, user: UserIdQuery) -> bool:
    return await cl.unmute_posts_from_follow(await user.resolve(cl))


@router.post("/mute/stories", summary="Mute a followed user's stories (revert=true unmutes)")
async def mute_stories(
    cl: SessionClient, user: UserIdForm, revert: Annotated[bool, Form(description=REVERT_HELP)] = False
) -> bool:
    return await cl.mute_stories_from_follow(await user.resolve(cl), revert)


@router.delete("/mute/stories", summary="Unmute a followed user's stories")
async def unmute_stories(cl: SessionClient, user: UserIdQuery) -> bool:
    return await cl.unmute_stories_from_follow(await user.resolve(cl))


def _add_notification_routes(kind: str) -> None:
    """POST/DELETE /user/notifications/<kind> → aiograpi's enable_/disable_<kind>_notifications."""

    async def enable(cl: SessionClient, user: UserIdForm) -> bool:
        return await getattr(cl, f"enable_{kind}_notifications")(await user.resolve(cl))

    async def disable(cl: SessionClient, user: UserIdQuery) -> bool:
        return await getattr(cl, f"disable_{kind}_notifications")(await user.resolve(cl))

    path = f"/notifications/{kind}"
    router.post(path, summary=f"Turn on notifications for a user's new {kind}")(enable)
    router.delete(path, summary=f"Turn off notifications for a user's new {kind}")(disable)


for _kind in ("posts", "reels", "stories", "videos"):
    _add_notification_routes(_kind)
