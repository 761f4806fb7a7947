"""What a profile shows besides its posts: about, creator info, featured accounts, friendship status,
fundraiser, guides, highlights, the private web profile, the info stream, and suggested accounts."""

from __future__ import annotations

from typing import Any

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.profiles import category_id
from aiograpi_rest.emulator.world.users import User

MAX_SUGGESTIONS = 30
# The keys of `user_v1` the info stream sends in its first row; the rest follow in the second.
STREAM_HEAD = ("pk", "pk_id", "id", "username", "full_name", "is_private", "is_verified", "profile_pic_url")


def _user(req: EmRequest, pk: str) -> User:
    return req.world.visible_user(req.viewer_pk, pk)


def _text(role: str, value: str, style: str = "normal") -> dict:
    """A text node of a Bloks tree. Its key is Bloks' lisp-like call, `(bk.components.Text "role")`:
    aiograpi's `extract_about_v1` reads each value off the text after a key's `")`, up to the comma
    before the node's style."""
    return {f'(bk.components.Text "{role}")': value, "style": style}


@route("POST", "bloks/apps/com.instagram.interactions.about_this_account/")
def about_this_account(req: EmRequest) -> dict:
    user = _user(req, req.field("target_user_id"))
    about = req.world.profiles.about_of(user.pk)
    rows: list[dict] = [_text("title", user.username, style="bold")]
    if user.is_verified:
        rows.append(_text("badge", "Verified"))
    if about.joined:
        rows += [_text("label", "Date joined"), _text("value", about.joined)]
    if about.former_usernames:
        rows += [
            _text("label", "Former usernames"),
            _text("count", str(len(about.former_usernames))),
            _text("value", " ".join(about.former_usernames)),
        ]
    return {
        "layout": {
            "bloks_payload": {
                "data": [
                    {
                        "id": "about_country",
                        "type": "gs",
                        "data": {"key": "country", "initial": about.country},
                    }
                ],
                "tree": {"bk.components.Flexbox": {"justify_content": "space_evenly", "children": rows}},
            }
        }
    }


def _mutual_followers(world: World, viewer_pk: str | None, pk: str) -> list[str]:
    """Accounts the viewer follows that follow `pk`: the app's "Followed by …" line."""
    if not viewer_pk:
        return []
    followees = world.social.following(viewer_pk, None, 10_000)[0]
    return [f for f in followees if f != pk and world.social.is_following(f, pk)]


def _social_context(world: World, viewer_pk: str | None, pk: str) -> str:
    mutual = _mutual_followers(world, viewer_pk, pk)
    if not mutual:
        return ""
    first = world.users.get(mutual[0]).username
    return f"Followed by {first}" + (f" + {len(mutual) - 1} more" if len(mutual) > 1 else "")


@route("GET", "creator/creator_info/")
def creator_info(req: EmRequest) -> dict:
    world = req.world
    user = _user(req, req.field("user_id"))
    media_count = len(world.media.by_owner(user.pk))
    info = {
        "is_creator": user.account_type == 3,
        "is_business": user.account_type == 2,
        "category": user.category or None,
        "follower_count": world.social.follower_count(user.pk),
        "media_count": media_count,
        "mutual_followers_count": len(_mutual_followers(world, req.viewer_pk, user.pk)),
        "social_context": _social_context(world, req.viewer_pk, user.pk),
        "entry_point": req.field("entry_point"),
    }
    return {"user": {**builders.user_short(user), "creator_info": info}}


@route("GET", "multiple_accounts/get_featured_accounts/")
def featured_accounts(req: EmRequest) -> dict:
    world = req.world
    user = _user(req, req.field("target_user_id"))
    featured = [world.users.get(pk) for pk in world.profiles.featured.get(user.pk, [])]
    return {"accounts": [builders.user_short(u) for u in featured], "target_user_id": user.pk}


@route("GET", "friendships/show/{user_id}/")
def friendship_show(req: EmRequest) -> dict:
    user = _user(req, req.params["user_id"])
    return builders.friendship_status(req.world, req.viewer_pk, user.pk)


SHORT_STATUS = (
    "following",
    "incoming_request",
    "is_bestie",
    "is_feed_favorite",
    "is_private",
    "is_restricted",
    "outgoing_request",
)


@route("POST", "friendships/show_many/")
def friendship_show_many(req: EmRequest) -> dict:
    world, statuses = req.world, {}
    for pk in filter(None, (p.strip() for p in req.field("user_ids").split(","))):
        try:
            user = world.visible_user(req.viewer_pk, pk)
        except errors.UpstreamError:
            continue  # Instagram leaves unknown ids out of the answer
        status = builders.friendship_status(world, req.viewer_pk, user.pk)
        statuses[user.pk] = {key: status[key] for key in SHORT_STATUS}
    return {"friendship_statuses": statuses}


@route("GET", "fundraiser/{user_id}/standalone_fundraiser_info/")
def fundraiser_info(req: EmRequest) -> dict:
    user = _user(req, req.params["user_id"])
    fundraiser = req.world.profiles.fundraisers.get(user.pk)
    if fundraiser is None:
        return {"standalone_fundraiser_info": None}
    return {
        "standalone_fundraiser_info": {
            "fundraiser_id": fundraiser.id,
            "title": fundraiser.title,
            "description": fundraiser.description,
            "owner": builders.user_short(user),
            "goal_amount": fundraiser.goal_cents // 100,
            "amount_raised": fundraiser.raised_cents // 100,
            "percent_of_goal_raised": round(100 * fundraiser.raised_cents / fundraiser.goal_cents),
            "currency": fundraiser.currency,
            "end_time": fundraiser.end_time,
        }
    }


@route("GET", "guides/user/{user_id}/")
def user_guides(req: EmRequest) -> dict:
    world = req.world
    user = _user(req, req.params["user_id"])
    world.require_view(req.viewer_pk, user)
    guides = [builders.guide_v1(world, g, req.viewer_pk) for g in world.profiles.guides_of(user.pk)]
    # A guide whose posts are all gone has no cover and the app does not list it.
    return {"guides": [g for g in guides if g["summary"]["cover_media"]]}


@route("GET", "highlights/{user_id}/highlights_tray/")
def highlights_tray(req: EmRequest) -> dict:
    world = req.world
    user = _user(req, req.params["user_id"])
    world.require_view(req.viewer_pk, user)
    highlights = world.stories.highlights_of(user.pk)
    return {
        "tray": [builders.highlight_v1(world, h, req.viewer_pk) for h in highlights],
        "show_empty_state": not highlights,
    }


@route("GET", "users/web_profile_info/")
def private_web_profile_info(req: EmRequest) -> dict:
    user = req.world.users.by_username(req.field("username"))
    user = _user(req, user.pk)
    return {"data": {"user": builders.user_gql(req.world, user, req.viewer_pk)}}


def _stream(req: EmRequest, user: User) -> dict:
    """The profile in two partial rows, as the app's streamed profile fetch receives it."""
    full = builders.user_v1(req.world, user, req.viewer_pk)
    head = {key: full[key] for key in STREAM_HEAD}
    tail = {key: value for key, value in full.items() if key not in STREAM_HEAD}
    tail["category_id"] = category_id(user.category)
    return {"stream_rows": [{"user": head}, {"user": tail}]}


@route("POST", "users/{user_id}/info_stream/")
def info_stream(req: EmRequest) -> dict:
    return _stream(req, _user(req, req.params["user_id"]))


@route("POST", "users/{username}/usernameinfo_stream/")
def usernameinfo_stream(req: EmRequest) -> dict:
    return _stream(req, _user(req, req.world.users.by_username(req.params["username"]).pk))


@route("GET", "discover/recommended_accounts_for_category/")
def recommended_for_category(req: EmRequest) -> dict:
    world = req.world
    target = _user(req, req.field("target_id"))
    wanted = req.field("category_id")
    users = [
        u
        for u in world.users
        if wanted
        and category_id(u.category) == wanted
        and u.pk not in (target.pk, req.viewer_pk)
        and world.can_view(req.viewer_pk, u)
    ]
    return {"users": [builders.user_short(u) for u in users], "category_id": wanted or None}


def _suggestion(world: World, viewer_pk: str | None, user: User) -> dict[str, Any]:
    return {
        **builders.user_short(user),
        "social_context": _social_context(world, viewer_pk, user.pk),
        "follower_count": world.social.follower_count(user.pk),
    }


@route("GET", "discover/chaining/")
def chaining(req: EmRequest) -> dict:
    """Accounts followed by the target's followers, most shared first, minus those the viewer follows."""
    world, viewer = req.world, req.viewer_pk
    target = _user(req, req.field("target_id"))
    if not world.can_view(viewer, target):
        raise errors.bad_request("Not eligible for chaining.")
    score: dict[str, int] = {}
    for follower in world.social.followers(target.pk, None, 10_000)[0]:
        for pk in world.social.following(follower, None, 10_000)[0]:
            score[pk] = score.get(pk, 0) + 1
    candidates = [
        pk
        for pk in score
        if pk not in (target.pk, viewer)
        and not world.social.is_following(viewer or "", pk)
        and not world.social.is_blocked_between(viewer or "", pk)
    ]
    ranked = sorted(candidates, key=lambda pk: (-score[pk], int(pk)))[:MAX_SUGGESTIONS]
    return {
        "users": [_suggestion(world, viewer, world.users.get(pk)) for pk in ranked],
        "is_backup": False,
    }


@route("GET", "discover/fetch_suggestion_details/")
def suggestion_details(req: EmRequest) -> dict:
    world = req.world
    _user(req, req.field("target_id"))
    users = []
    for pk in filter(None, (p.strip() for p in req.field("chained_ids").split(","))):
        try:
            users.append(_suggestion(world, req.viewer_pk, world.visible_user(req.viewer_pk, pk)))
        except errors.UpstreamError:
            continue
    return {"users": users}
