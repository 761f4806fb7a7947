"""The error map covers every aiograpi exception, and answers carry the documented body."""

from __future__ import annotations

import inspect

import httpx
import pytest
from aiograpi import exceptions as igx

from aiograpi_rest.errors import EXCEPTION_MAP, describe


def aiograpi_exception_classes() -> list[type[BaseException]]:
    return [
        cls
        for _, cls in inspect.getmembers(igx, inspect.isclass)
        if cls.__module__ == igx.__name__ and issubclass(cls, BaseException)
    ]


def test_every_aiograpi_exception_has_an_explicit_mapping() -> None:
    classes = aiograpi_exception_classes()
    assert len(classes) > 90  # aiograpi 1.0.9 defines 104; an empty scan must not pass
    missing = sorted(cls.__name__ for cls in classes if cls.__name__ not in EXCEPTION_MAP)
    assert missing == []
    stale = sorted(set(EXCEPTION_MAP) - {cls.__name__ for cls in classes})
    assert stale == []


@pytest.mark.parametrize("cls", aiograpi_exception_classes(), ids=lambda c: c.__name__)
def test_each_exception_answers_its_mapped_status(cls: type[BaseException]) -> None:
    args = ("value", ["allowed"]) if issubclass(cls, igx.UnsupportedError) else ("message from instagram",)
    status, exc_type, hint = describe(cls(*args))
    assert status == EXCEPTION_MAP[cls.__name__][0]
    assert exc_type == cls.__name__
    assert 400 <= status < 600 and status != 500, "aiograpi errors are never reported as our bug"


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (igx.LoginRequired("login_required"), 401),
        (igx.ChallengeRequired("challenge_required"), 403),
        (igx.TwoFactorRequired("two_factor_required"), 401),
        (igx.PleaseWaitFewMinutes("Please wait a few minutes"), 429),
        (igx.UserNotFound("User not found"), 404),
        (igx.ClientConnectionError("down"), 502),
        (igx.UnknownError("The username you entered doesn't appear to belong to an account."), 401),
        (igx.UnknownError("something else"), 502),
        (httpx.ConnectError("refused"), 502),
        (httpx.ReadTimeout("slow"), 504),
        (RuntimeError("our bug"), 500),
    ],
)
def test_statuses_follow_whose_fault_it_is(exc: BaseException, status: int) -> None:
    assert describe(exc)[0] == status
