"""The user selector: exactly one of `user_id` or `username`, resolved to a user id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from aiograpi import Client
from fastapi import Depends, Form, Query

from aiograpi_rest.boundary import USER_PATTERN, USERNAME_PATTERN, path_segment
from aiograpi_rest.forms import clean_username, exactly_one


@dataclass(frozen=True)
class UserRef:
    user_id: str | None
    username: str | None

    async def resolve(self, cl: Client) -> str:
        """The user id; a username costs one lookup (the private `usernameinfo`, no fallbacks)."""
        if self.user_id:
            return self.user_id
        user = await cl.user_info_by_username_v1(self.username or "")
        return str(user.pk)


def select_user(user_id: str | None, username: str | None) -> UserRef:
    kind, value = exactly_one(user_id=user_id, username=clean_username(username or ""))
    if kind == "username":
        return UserRef(None, path_segment(value))
    return UserRef(value, None)


USERNAME_HELP = "Instagram username (with or without @): letters, digits, '.', '_', at most 30."


async def user_ref(
    user_id: Annotated[
        str | None, Query(pattern=USER_PATTERN, description="Instagram user id (pk). Give it or username.")
    ] = None,
    username: Annotated[str | None, Query(pattern=USERNAME_PATTERN, description=USERNAME_HELP)] = None,
) -> UserRef:
    return select_user(user_id, username)


UserQuery = Annotated[UserRef, Depends(user_ref)]


USER_ID_HELP = "Instagram user id (pk), digits; `GET /user?username=…` answers it for a username."


def select_user_id(user_id: str) -> UserRef:
    """A route's required `user_id` (no `username` beside it), already matched to USER_PATTERN."""
    return UserRef(user_id.strip(), None)


async def user_id_query(
    user_id: Annotated[str, Query(pattern=USER_PATTERN, description=USER_ID_HELP)],
) -> UserRef:
    return select_user_id(user_id)


async def user_id_form(
    user_id: Annotated[str, Form(pattern=USER_PATTERN, description=USER_ID_HELP)],
) -> UserRef:
    return select_user_id(user_id)


UserIdQuery = Annotated[UserRef, Depends(user_id_query)]
UserIdForm = Annotated[UserRef, Depends(user_id_form)]
