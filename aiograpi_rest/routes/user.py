"""User profiles: info, about, creator info, follow lists, friendship status, the streamed profile,
and the accounts Instagram features or suggests next to a profile. Posts and stories: `user_media`.

User ids are strings in and out. Where the reference takes `user_id` or `username`, exactly one is
given (`UserQuery`); where it takes `user_id` alone, a username given there is looked up first, at
the cost of one more upstream call. Raw Instagram objects (`object` answers) pass through as is.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aiograpi.types import About, Relationship, RelationshipShort, User, UserShort
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from aiograpi_rest.boundary import USERNAME_PATTERN, WORD_PATTERN, DigitsItem, path_segment
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.errors import ApiError
from aiograpi_rest.forms import clean_username
from aiograpi_rest.pagination import Paging, UserShortPage, paging
from aiograpi_rest.selectors import USER_ID_HELP, USERNAME_HELP, UserIdQuery, UserQuery

router = APIRouter(prefix="/user", tags=["User"])

IDS_HELP = "Instagram user ids (pks); repeat the parameter: `user_ids=1&user_ids=2`."
FollowPaging = Annotated[Paging, Depends(paging(50))]


class CreatorInfoResponse(BaseModel):
    """The creator and the info Instagram shows about them (`creator_info`, passed through)."""

    user: UserShort
    info: dict[str, Any]


@router.get("", summary="A user's profile, by user_id or username")
async def user_info(
    cl: SessionClient,
    ref: UserQuery,
    use_cache: Annotated[
        bool, Query(description="Accepted for compatibility: aiograpi 1.0.9 keeps no user cache.")
    ] = True,
) -> User:
    if ref.user_id:
        return await cl.user_info_v1(ref.user_id)
    return await cl.user_info_by_username_v1(ref.username or "")


@router.get("/about", summary="About this account: country, date joined, former usernames")
async def user_about(cl: SessionClient, ref: UserIdQuery) -> About:
    return await cl.user_about_v1(await ref.resolve(cl))


@router.get("/creator", summary="A creator's profile card and the info Instagram shows about them")
async def creator_info(
    cl: SessionClient,
    ref: UserIdQuery,
    entry_point: Annotated[
        str,
        Query(
            pattern=WORD_PATTERN,
            description="Where the card is opened; 'self_profile' needs your own user id.",
        ),
    ] = "direct_thread",
) -> CreatorInfoResponse:
    user, info = await cl.creator_info(await ref.resolve(cl), entry_point)
    return CreatorInfoResponse(user=user, info=info)


@router.get("/featured/accounts", summary="The accounts a profile features (raw Instagram object)")
async def featured_accounts(cl: SessionClient, ref: UserIdQuery) -> dict[str, Any]:
    return await cl.featured_accounts_v1(await ref.resolve(cl))


@router.get("/followers", summary="A page of a user's followers")
async def followers(cl: SessionClient, ref: UserIdQuery, page: FollowPaging) -> UserShortPage:
    users, cursor = await cl.user_followers_v1_chunk(await ref.resolve(cl), page.amount, page.cursor)
    return UserShortPage(items=users, next_cursor=cursor or "")


@router.get("/following", summary="A page of the accounts a user follows")
async def following(cl: SessionClient, ref: UserIdQuery, page: FollowPaging) -> UserShortPage:
    users, cursor = await cl.user_following_v1_chunk(await ref.resolve(cl), page.amount, page.cursor)
    return UserShortPage(items=users, next_cursor=cursor or "")


@router.get("/friendship", summary="This account's relationship with a user")
async def friendship(cl: SessionClient, ref: UserIdQuery) -> Relationship:
    user_id = await ref.resolve(cl)
    relationship = await cl.user_friendship_v1(user_id)
    if relationship is None:
        # aiograpi swallows the upstream error and answers None; its status tells what happened.
        status = getattr(cl.last_response, "status_code", 0)
        if status == 404:
            raise ApiError(404, f"User {user_id} not found", exc_type="UserNotFound", hint=USER_ID_HELP)
        message = (cl.last_json or {}).get("message") or f"status {status}"
        raise ApiError(502, f"Instagram refused the lookup: {message}", exc_type="ClientError")
    return relationship


@router.get("/friendships", summary="This account's relationship with several users")
async def friendships(
    cl: SessionClient, user_ids: Annotated[list[DigitsItem], Query(min_length=1, description=IDS_HELP)]
) -> list[RelationshipShort]:
    return await cl.user_friendships_v1(user_ids)


@router.get("/fundraiser", summary="A user's running fundraiser (raw Instagram object)")
async def fundraiser(cl: SessionClient, ref: UserIdQuery) -> dict[str, Any]:
    return await cl.standalone_fundraiser_info_v1(await ref.resolve(cl))


@router.get("/profile/web", summary="The web profile of a username, through the private API (raw)")
async def profile_web(
    cl: SessionClient, username: Annotated[str, Query(pattern=USERNAME_PATTERN, description=USERNAME_HELP)]
) -> dict[str, Any]:
    return await cl.user_web_profile_info_v1(path_segment(clean_username(username)))


@router.get("/recommendations", summary="Accounts like a business, by its category (raw Instagram object)")
async def recommendations(cl: SessionClient, ref: UserIdQuery) -> dict[str, Any]:
    return await cl.discover_recommended_accounts_for_category_v1(await ref.resolve(cl))


@router.get("/stream", summary="The profile as the app streams it: merged into one user, or the raw rows")
async def stream(
    cl: SessionClient,
    ref: UserQuery,
    view: Annotated[
        Literal["flat", "raw"],
        Query(description="'flat': the rows merged into one user object; 'raw': Instagram's answer."),
    ] = "flat",
) -> dict[str, Any]:
    if ref.user_id:
        by_id = cl.user_stream_by_id_flat if view == "flat" else cl.user_stream_by_id_v1
        return await by_id(ref.user_id)
    by_name = cl.user_stream_by_username_flat if view == "flat" else cl.user_stream_by_username_v1
    return await by_name(ref.username or "")


@router.get("/suggestions", summary="Accounts suggested next to a profile (raw Instagram object)")
async def suggestions(cl: SessionClient, ref: UserIdQuery) -> dict[str, Any]:
    return await cl.chaining(await ref.resolve(cl))


@router.get("/suggestions/details", summary="Details of suggested accounts (raw Instagram object)")
async def suggestion_details(
    cl: SessionClient,
    ref: UserIdQuery,
    chained_ids: Annotated[
        list[DigitsItem],
        Query(min_length=1, description="User ids from GET /user/suggestions; repeat the parameter."),
    ],
) -> dict[str, Any]:
    return await cl.fetch_suggestion_details(await ref.resolve(cl), chained_ids)
