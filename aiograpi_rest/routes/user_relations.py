"""User relationships: follow, follower, block, close friends, mutes and notification flags.

`POST` creates or enables, `DELETE` removes or disables; each answers aiograpi's boolean. The
user is `user_id` (a form field on POST, a query parameter on DELETE, as in the reference); a
username given there is looked up first, at the cost of one more upstream call.
"""

from __future__ import annotations

from typing import Annotated

from aiograpi import Client
from fastapi import APIRouter, Form, Query

from aiograpi_rest.deps import SessionClient
from aiograpi_rest.errors import invalid
from aiograpi_rest.selectors import select_user

router = APIRouter(prefix="/user", tags=["User"])

ID_HELP = "Instagram user id (pk); a username is accepted and looked up."
SURFACE_HELP = "Where the block happens: 'profile' or 'direct_thread_info'."
REVERT_HELP = "Undo instead (same as the DELETE route)."

FormUserId = Annotated[str, Form(description=ID_HELP)]
QueryUserId = Annotated[str, Query(description=ID_HELP)]


async def target(cl: Client, user_id: str) -> str:
    """The user id the caller means: blank is a 422, a username costs one `usernameinfo` call."""
    if not user_id.strip():
        raise invalid("user_id", "must not be blank")
    return await select_user(user_id, None).resolve(cl)


@router.post("/follow", summary="Follow a user (a private account gets a follow request)")
async def follow(cl: SessionClient, user_id: FormUserId) -> bool:
    return await cl.user_follow(await target(cl, user_id))


@router.delete("/follow", summary="Unfollow a user, or withdraw a follow request")
async def unfollow(cl: SessionClient, user_id: QueryUserId) -> bool:
    return await cl.user_unfollow(await target(cl, user_id))


@router.delete("/follower", summary="Remove a follower of this account")
async def remove_follower(cl: SessionClient, user_id: QueryUserId) -> bool:
    return await cl.user_remove_follower(await target(cl, user_id))


@router.post("/block", summary="Block a user")
async def block(
    cl: SessionClient,
    user_id: FormUserId,
    surface: Annotated[str, Form(description=SURFACE_HELP)] = "profile",
) -> bool:
    return await cl.user_block(await target(cl, user_id), surface.strip() or "profile")


@router.delete("/block", summary="Unblock a user")
async def unblock(
    cl: SessionClient,
    user_id: QueryUserId,
    surface: Annotated[str, Query(description=SURFACE_HELP)] = "profile",
) -> bool:
    return await cl.user_unblock(await target(cl, user_id), surface.strip() or "profile")


@router.post("/close-friend", summary="Add a user to Close Friends")
async def close_friend_add(cl: SessionClient, user_id: FormUserId) -> bool:
    return bool(await cl.close_friend_add(await target(cl, user_id)))


@router.delete("/close-friend", summary="Remove a user from Close Friends")
async def close_friend_remove(cl: SessionClient, user_id: QueryUserId) -> bool:
    return bool(await cl.close_friend_remove(await target(cl, user_id)))


@router.post("/mute/posts", summary="Mute a followed user's posts in the feed (revert=true unmutes)")
async def mute_posts(
    cl: SessionClient, user_id: FormUserId, revert: Annotated[bool, Form(description=REVERT_HELP)] = False
) -> bool:
    return await cl.mute_posts_from_follow(await target(cl, user_id), revert)


@router.delete("/mute/posts", summary="Unmute a followed user's posts")
async def unmute_posts(cl: SessionClient, user_id: QueryUserId) -> bool:
    return await cl.unmute_posts_from_follow(await target(cl, user_id))


@router.post("/mute/stories", summary="Mute a followed user's stories (revert=true unmutes)")
async def mute_stories(
    cl: SessionClient, user_id: FormUserId, revert: Annotated[bool, Form(description=REVERT_HELP)] = False
) -> bool:
    return await cl.mute_stories_from_follow(await target(cl, user_id), revert)


@router.delete("/mute/stories", summary="Unmute a followed user's stories")
async def unmute_stories(cl: SessionClient, user_id: QueryUserId) -> bool:
    return await cl.unmute_stories_from_follow(await target(cl, user_id))


def _add_notification_routes(kind: str) -> None:
    """POST/DELETE /user/notifications/<kind> → aiograpi's enable_/disable_<kind>_notifications."""

    async def enable(cl: SessionClient, user_id: FormUserId) -> bool:
        return await getattr(cl, f"enable_{kind}_notifications")(await target(cl, user_id))

    async def disable(cl: SessionClient, user_id: QueryUserId) -> bool:
        return await getattr(cl, f"disable_{kind}_notifications")(await target(cl, user_id))

    path = f"/notifications/{kind}"
    router.post(path, summary=f"Turn on notifications for a user's new {kind}")(enable)
    router.delete(path, summary=f"Turn off notifications for a user's new {kind}")(disable)


for _kind in ("posts", "reels", "stories", "videos"):
    _add_notification_routes(_kind)
