"""The settings checks as pure functions, and clients built for real Instagram (no request made)."""

from __future__ import annotations

import pytest

from aiograpi_rest.errors import ApiError
from aiograpi_rest.sessions.login import LoginOptions, build_client
from aiograpi_rest.sessions.settings_check import check_proxy, is_instagram_sessionid, mask_proxy
from aiograpi_rest.upstream import Upstream, close_client


@pytest.mark.parametrize(
    "proxy",
    [
        "http://p.example:3128",
        "https://u:pw@p.example",
        "socks5://p.example:1080",
        "socks5h://u:pw@10.0.0.1:1080",
    ],
)
async def test_each_known_proxy_scheme_builds_a_real_client(proxy: str) -> None:
    assert check_proxy(proxy) == proxy
    cl = await build_client(Upstream("instagram"), {}, LoginOptions(proxy=proxy), logged_in=False)
    assert cl.private.proxy == proxy
    await close_client(cl)


@pytest.mark.parametrize(
    "proxy",
    [
        "p.example:3128",  # no scheme
        "ftp://p.example",
        "http://",
        "http://:3128",
        "http://p.example:0x50",
        "http://p.exämple:3128",
        "http://p.example:3128\nX: 1",
        "http://p.example:3128/path",
    ],
)
def test_a_bad_proxy_is_refused_naming_the_field(proxy: str) -> None:
    with pytest.raises(ApiError) as refused:
        check_proxy(proxy)
    assert refused.value.status == 422 and refused.value.detail.startswith("proxy")


def test_a_proxy_password_is_masked_and_nothing_else_changes() -> None:
    assert mask_proxy("socks5h://user:s3cret@p.example:1080") == "socks5h://user:***@p.example:1080"
    assert mask_proxy("http://p.example:3128") == "http://p.example:3128"
    assert mask_proxy(None) is None


def test_instagram_sessionid_shapes() -> None:
    assert is_instagram_sessionid("51234567890%3AabCDefGHijKLmn%3A12%3AAYc-secret_cookie")
    assert is_instagram_sessionid("51234567890%3AabCDefGHijKLmn%3A12345")
    assert not is_instagram_sessionid("51234567890:abCDefGHijKLmn:12:AYc-secret-cookie")
    assert not is_instagram_sessionid("1%3Aab%3A1")  # the shape, but aiograpi wants > 30 characters
    assert not is_instagram_sessionid("igr_" + "A" * 43)
