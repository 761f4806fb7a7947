"""The error map covers every aiograpi exception, and answers carry the documented body."""

from __future__ import annotations

import inspect

import httpx
import pytest
from aiograpi import exceptions as igx

from aiograpi_rest.app import create_app
from aiograpi_rest.config import Settings
from aiograpi_rest.emulator import Emulator
from aiograpi_rest.errors import EXCEPTION_MAP, describe
from aiograpi_rest.upstream import Upstream
from tests.conftest import login


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


def _raised_while_handling(cause: BaseException, exc: BaseException) -> BaseException:
    """`exc` as aiograpi raises it: inside the `except` that caught `cause`."""
    try:
        try:
            raise cause
        except type(cause):
            raise exc  # noqa: B904
    except type(exc) as raised:
        return raised


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
        (_raised_while_handling(httpx.ReadTimeout("slow"), igx.ClientUnknownError("Unknown")), 504),
        (_raised_while_handling(httpx.ConnectError("refused"), igx.ClientUnknownError("Unknown")), 502),
        (RuntimeError("our bug"), 500),
    ],
)
def test_statuses_follow_whose_fault_it_is(exc: BaseException, status: int) -> None:
    assert describe(exc)[0] == status


async def test_an_upstream_timeout_is_504(emulator_server: tuple[str, Emulator], settings: Settings) -> None:
    base_url, em = emulator_server
    upstream = Upstream(base_url, timeout=0.2)
    app = create_app(settings.model_copy(update={"upstream": base_url, "sandbox": False}), upstream=upstream)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://g") as api,
    ):
        token = await login(api)
        # Far longer than the timeout: aiograpi gives up first, whatever the machine's speed.
        em.faults.add("usernameinfo", delay=1.0, times=1)
        response = await api.get("/user", params={"username": "demo"}, headers={"X-Session-ID": token})
    await upstream.aclose()
    assert response.status_code == 504, response.text
    body = response.json()
    assert body["exc_type"] == "ReadTimeout" and "in time" in body["detail"]
    assert "AIOGRAPI_REST_UPSTREAM_TIMEOUT" in body["hint"]


async def test_our_own_bug_is_a_generic_500_with_the_traceback_logged(
    api: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken() -> None:
        raise RuntimeError("internal state that callers must not see")

    api.app.add_api_route("/broken", broken)  # type: ignore[attr-defined]
    response = await api.get("/broken", headers={"X-Request-ID": "rid-500"})

    assert response.status_code == 500
    assert response.json() == {
        "detail": "Internal server error",
        "exc_type": "RuntimeError",
        "hint": "This is a bug; see the log.",
        "request_id": "rid-500",
    }
    [logged] = [r for r in caplog.records if r.name == "aiograpi_rest.errors"]
    assert "rid-500" in logged.getMessage() and logged.exc_info is not None
    assert "internal state" in str(logged.exc_info[1])


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("/media/comment/like", "DELETE, POST"),
        ("/media/pin", "DELETE, POST"),
        ("/media", "DELETE, GET, PATCH"),
    ],
)
async def test_a_method_the_path_lacks_names_every_method_it_has(
    api: httpx.AsyncClient, path: str, methods: str
) -> None:
    response = await api.options(path)
    assert response.status_code == 405
    assert response.headers["allow"] == methods
