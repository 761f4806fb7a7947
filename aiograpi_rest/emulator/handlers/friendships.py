"""Relationship changes: follow, remove follower, block, close friends, mutes, notification flags.

Each answer carries the pair's new `friendship_status`, which is what aiograpi reads back
(`following`, `followed_by`, `blocking`, `is_bestie`) to tell the caller whether it worked.
"""

from __future__ import annotations

from typing import Any

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.users import User

# URL suffix of `friendships/favorite{suffix}/` → the notification kind it switches.
FAVORITE_KINDS = {"": "posts", "_for_stories": "stories", "_for_clips": "reels", "_for_igtv": "videos"}
# Field of `friendships/(un)mute_posts_or_story_from_follow/` → what it mutes.
MUTE_FIELDS = {"target_posts_author_id": "posts", "target_reel_author_id": "stories"}


def _target(req: EmRequest, pk: Any) -> User:
    """Another user the viewer can see; oneself is not a valid target."""
    user = req.world.visible_user(req.viewer_pk, str(pk))
    if user.pk == req.viewer_pk:
        raise errors.invalid_target_user()
    return user


def _answer(req: EmRequest, target: User, **extra: Any) -> dict:
    return {"friendship_status": builders.friendship_status(req.world, req.viewer_pk, target.pk), **extra}


@route("POST", "friendships/create/{user_id}/")
def follow(req: EmRequest) -> dict:
    target = _target(req, req.params["user_id"])
    social = req.world.social
    was_following = social.is_following(req.viewer_pk, target.pk)
    # Someone the viewer blocks cannot be followed: the answer shows the block, nothing changes.
    if (req.viewer_pk, target.pk) not in social.blocks:
        social.follow(req.viewer_pk, target.pk, target_private=target.is_private)
    return _answer(req, target, previous_following=was_following)


@route("POST", "friendships/destroy/{user_id}/")
def unfollow(req: EmRequest) -> dict:
    target = _target(req, req.params["user_id"])
    req.world.social.unfollow(req.viewer_pk, target.pk)
    return _answer(req, target)


@route("POST", "friendships/remove_follower/{user_id}/")
def remove_follower(req: EmRequest) -> dict:
    follower = _target(req, req.params["user_id"])
    req.world.social.unfollow(follower.pk, req.viewer_pk)
    return _answer(req, follower)


@route("POST", "friendships/block/{user_id}/")
def block(req: EmRequest) -> dict:
    target = _target(req, req.params["user_id"])
    req.world.social.block(req.viewer_pk, target.pk)
    return _answer(req, target)


@route("POST", "friendships/unblock/{user_id}/")
def unblock(req: EmRequest) -> dict:
    target = _target(req, req.params["user_id"])
    req.world.social.unblock(req.viewer_pk, target.pk)
    return _answer(req, target)


def _pks(value: Any) -> list[str]:
    """`add` / `remove` of set_besties: JSON lists inside the signed body."""
    if not isinstance(value, list):
        raise errors.bad_request("add and remove must be lists of user ids")
    return [str(v) for v in value]


@route("POST", "friendships/set_besties/")
def set_besties(req: EmRequest) -> dict:
    changes = [(pk, True) for pk in _pks(req.form.get("add", []))]
    changes += [(pk, False) for pk in _pks(req.form.get("remove", []))]
    targets = [(_target(req, pk), on) for pk, on in changes]  # all known before anything changes
    for target, on in targets:
        req.world.social.set_close_friend(req.viewer_pk, target.pk, on)
    return {
        "friendship_statuses": {
            target.pk: builders.friendship_status(req.world, req.viewer_pk, target.pk)
            for target, _ in targets
        }
    }


def _set_mutes(req: EmRequest, on: bool) -> dict:
    targets = [(_target(req, req.field(name)), what) for name, what in MUTE_FIELDS.items() if req.field(name)]
    if not targets:
        raise errors.bad_request("target_posts_author_id or target_reel_author_id is required")
    for target, what in targets:
        req.world.social.set_mute(req.viewer_pk, target.pk, what, on)
    return {}


@route("POST", "friendships/mute_posts_or_story_from_follow/")
def mute(req: EmRequest) -> dict:
    return _set_mutes(req, True)


@route("POST", "friendships/unmute_posts_or_story_from_follow/")
def unmute(req: EmRequest) -> dict:
    return _set_mutes(req, False)


def _favorite_handler(kind: str, on: bool):
    def handler(req: EmRequest) -> dict:
        target = _target(req, req.params["user_id"])
        req.world.social.set_notification(req.viewer_pk, target.pk, kind, on)
        return _answer(req, target)

    handler.__name__ = f"{'favorite' if on else 'unfavorite'}_{kind}"
    return handler


for _suffix, _kind in FAVORITE_KINDS.items():
    route("POST", f"friendships/favorite{_suffix}/{{user_id}}/")(_favorite_handler(_kind, True))
    route("POST", f"friendships/unfavorite{_suffix}/{{user_id}}/")(_favorite_handler(_kind, False))
