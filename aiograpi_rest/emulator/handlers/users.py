"""Profiles and follow lists: private `users/…` and `friendships/…`, www profile and GraphQL."""

from __future__ import annotations

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world import search
from aiograpi_rest.emulator.world.paging import page, page_after

MAX_PAGE = 200
USER_WEB_PROFILE_DOC_ID = "26762473490008061"


@route("GET", "users/{user_id}/info/")
def user_info(req: EmRequest) -> dict:
    user = req.world.visible_user(req.viewer_pk, req.params["user_id"])
    return {"user": builders.user_v1(req.world, user, req.viewer_pk)}


@route("GET", "users/{username}/usernameinfo/")
def user_info_by_username(req: EmRequest) -> dict:
    user = req.world.users.by_username(req.params["username"])
    user = req.world.visible_user(req.viewer_pk, user.pk)
    return {"user": builders.user_v1(req.world, user, req.viewer_pk)}


@route("GET", "/api/v1/users/web_profile_info/", host=WWW, auth=False)
def web_profile_info(req: EmRequest) -> dict:
    user = req.world.users.by_username(req.field("username"))
    user = req.world.visible_user(req.viewer_pk, user.pk)
    return {"data": {"user": builders.user_gql(req.world, user, req.viewer_pk)}}


@route("POST", "/graphql/query/", host=WWW, selector=("doc_id", USER_WEB_PROFILE_DOC_ID))
def web_profile_gql(req: EmRequest) -> dict:
    variables = req.json_field("variables")
    try:
        user = req.world.visible_user(req.viewer_pk, variables.get("id", ""))
    except errors.UpstreamError:
        return {"data": {"user": None}}
    return {"data": {"user": builders.user_gql(req.world, user, req.viewer_pk)}}


def _count(req: EmRequest) -> int:
    try:
        return max(1, min(int(req.field("count") or MAX_PAGE), MAX_PAGE))
    except ValueError:
        raise errors.bad_request("Invalid count") from None


def _follow_list(req: EmRequest, which: str) -> dict:
    world = req.world
    owner = world.visible_user(req.viewer_pk, req.params["user_id"])
    world.require_view(req.viewer_pk, owner)
    lister = world.social.follower_edges if which == "followers" else world.social.following_edges
    edges, max_id, count = lister(owner.pk), req.field("max_id") or None, _count(req)
    if req.field("query").strip():
        # Searching the list: every match of the whole list, ranked as search ranks accounts.
        listed = [world.users.get(pk) for _, pk in edges]
        found = search.users(world, req.field("query"), req.viewer_pk, among=listed)
        users, next_max_id = page_after(found, max_id, count, lambda u: u.pk)
    else:
        pks, next_max_id = page(edges, max_id, count)
        users = [world.users.get(pk) for pk in pks]
    answer = {
        "users": [builders.user_short(u) for u in users],
        "big_list": next_max_id is not None,
        "page_size": len(users),
        "has_more": next_max_id is not None,
        "should_limit_list_of_followers": False,
    }
    if next_max_id:
        answer["next_max_id"] = next_max_id
    return answer


@route("GET", "friendships/{user_id}/followers/")
def followers(req: EmRequest) -> dict:
    return _follow_list(req, "followers")


@route("GET", "friendships/{user_id}/following/")
def following(req: EmRequest) -> dict:
    return _follow_list(req, "following")
