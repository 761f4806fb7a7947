"""What a session's settings may hold, checked before a client is built from them or they are stored.

aiograpi puts the locale, country, timezone, device fields, user agent, uuids and cookies into
the headers of every request; httpx refuses a non-ASCII header value, so one bad value stored
makes every later call of the session fail, restarts included. A CR or LF would inject headers
upstream. So every value that becomes a header is printable ASCII, ranges are Instagram's, and
a session's settings carry a logged-in `authorization_data`. The patterns are also written into
the OpenAPI schema of the routes that take these values.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any
from urllib.parse import urlsplit

from aiograpi_rest.boundary import PORT_PATTERN
from aiograpi_rest.errors import invalid

LOCALE_PATTERN = r"^[a-z]{2}_[A-Z]{2}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
# Instagram's offsets run from UTC-12 to UTC+14, in seconds.
TIMEZONE_MIN, TIMEZONE_MAX = -43200, 50400
COUNTRY_CODE_MIN, COUNTRY_CODE_MAX = 1, 999
# The `sessionid` cookie: `<user pk>%3A<alphanumeric nonce>%3A<digits>` and, on today's
# Instagram (and the emulator), a signature part: `%3A<base64url>`. aiograpi asserts the
# leading digits and more than 30 characters.
SESSIONID_PATTERN = r"^[0-9]{1,20}%3A[A-Za-z0-9]{1,64}%3A[0-9]{1,12}(%3A[A-Za-z0-9_-]{1,512})?$"
SESSIONID_MIN_LENGTH = 31
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
# scheme://[user[:password]@]host[:port][/], in printable ASCII: what check_proxy accepts.
PROXY_PATTERN = (
    r'^(https?|socks5h?)://([!"$-.0-9;->A-~]+(:[!"$-.0-;->A-~]*)?@)?'
    rf"([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:{PORT_PATTERN})?/?$"
)

_LOCALE = re.compile(LOCALE_PATTERN)
_COUNTRY = re.compile(COUNTRY_PATTERN)
_SESSIONID = re.compile(SESSIONID_PATTERN)
_PROXY = re.compile(PROXY_PATTERN)
_HEADER_SAFE = re.compile(r"[ -~]*")  # printable ASCII: no CR, LF, other controls or non-ASCII
_COOKIE_NAME = re.compile(r"[!#-'*+.0-9A-Z^-z|~-]{1,64}")
_DIGITS = re.compile(r"[0-9]{1,20}")
_MAX_HEADER_VALUE = 1024


def one_of(*patterns: str) -> str:
    """An anchored pattern matching any of the anchored `patterns`."""
    return "^(" + "|".join(_bare(p) for p in patterns) + ")$"


def or_empty(pattern: str) -> str:
    """The anchored `pattern`, or nothing (a form field left empty)."""
    return f"^({_bare(pattern)})?$"


def _bare(pattern: str) -> str:
    return pattern.removeprefix("^").removesuffix("$")


def is_instagram_sessionid(value: str) -> bool:
    return len(value) >= SESSIONID_MIN_LENGTH and _SESSIONID.fullmatch(value) is not None


def check_proxy(value: str | None, field: str = "proxy") -> str | None:
    """The proxy URL, or None for no proxy ("" clears); refuses unknown schemes, no host, CR/LF,
    non-ASCII. The value is never echoed: it may carry credentials."""
    if not value:
        return None
    if not _PROXY.fullmatch(value):
        raise invalid(field, f"a proxy URL: {'|'.join(PROXY_SCHEMES)}://[user:password@]host[:port]")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
    except ValueError:
        raise invalid(field, "the proxy URL's port is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise invalid(field, "the proxy URL has no host")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise invalid(field, "a proxy URL is scheme://[user:password@]host[:port], nothing after it")
    return value


def mask_proxy(value: str | None) -> str | None:
    """The proxy URL with its password replaced by `***`, for anything shown to a caller."""
    if not value:
        return value
    parts = urlsplit(value)
    if parts.password is None:
        return value
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{parts.username}:***@{host}").geturl()


def plan_settings(base: dict[str, Any], locale: str | None, timezone: int | None) -> dict[str, Any]:
    """`base` with a new locale and/or timezone. A new locale empties the user agent, so it is
    built again from the device fields: aiograpi's `set_locale` string-replaces the old locale
    inside it, which corrupts it when the old one is a substring of anything else."""
    planned = deepcopy(base)
    if locale:
        planned.update(locale=locale, country=locale.rsplit("_", 1)[1], user_agent="")
    if timezone is not None:
        planned.update(timezone_offset=timezone, timezone_name=None)
    return planned


def check_settings(settings: dict[str, Any], *, logged_in: bool = True, field: str = "settings") -> None:
    """Refuse (422 naming `field`) settings a client must not be built from."""

    def refuse(message: str) -> Exception:
        return invalid(field, message)

    auth = settings.get("authorization_data") or {}
    if logged_in:
        if not isinstance(auth, dict) or not _logged_in(auth):
            raise refuse(
                "no logged-in user in them: authorization_data needs ds_user_id and the Instagram "
                "sessionid of that user (export them with GET /auth/settings)"
            )
    elif not isinstance(auth, dict):
        raise refuse("authorization_data must be an object")
    if "locale" in settings and not _matches(_LOCALE, settings["locale"]):
        raise refuse("locale must look like en_US (language_COUNTRY)")
    if "country" in settings and not _matches(_COUNTRY, settings["country"]):
        raise refuse("country must be two capital letters, e.g. US")
    if "country_code" in settings and not _int_in(
        settings["country_code"], COUNTRY_CODE_MIN, COUNTRY_CODE_MAX
    ):
        raise refuse(f"country_code must be a calling code from {COUNTRY_CODE_MIN} to {COUNTRY_CODE_MAX}")
    if "timezone_offset" in settings and not _int_in(settings["timezone_offset"], TIMEZONE_MIN, TIMEZONE_MAX):
        raise refuse(f"timezone_offset must be seconds from {TIMEZONE_MIN} to {TIMEZONE_MAX}")
    if "tls_verify" in settings and not isinstance(settings["tls_verify"], bool):
        raise refuse("tls_verify must be true or false")
    for key in ("user_agent", "timezone_name", "mid", "ig_u_rur", "ig_www_claim"):
        value = settings.get(key)
        if value is not None and not _header_value(value):
            raise refuse(f"{key} must be printable ASCII (no CR, LF or accents)")
    for key in ("device_settings", "uuids"):
        group = settings.get(key)
        if group is None:
            continue
        if not isinstance(group, dict) or not all(
            isinstance(k, str) and (_header_value(v) or _int_in(v, -(2**31), 2**31)) for k, v in group.items()
        ):
            raise refuse(f"{key} must map names to printable ASCII strings or small integers")
    cookies = settings.get("cookies")
    if cookies is not None and not (
        isinstance(cookies, dict)
        and all(
            isinstance(k, str) and _COOKIE_NAME.fullmatch(k) and _header_value(v) and ";" not in v
            for k, v in cookies.items()
        )
    ):
        raise refuse("cookies must map cookie names to printable ASCII values")


def check_headers(headers: dict[str, Any], field: str = "settings") -> None:
    """Every header a built client would send is printable ASCII (the last line of defence)."""
    for name, value in headers.items():
        if value is not None and not _header_value(str(value)):
            raise invalid(field, f"they would send a header ({name}) that is not printable ASCII")


def _logged_in(auth: dict[str, Any]) -> bool:
    user_id, sessionid = str(auth.get("ds_user_id") or ""), auth.get("sessionid")
    return (
        _DIGITS.fullmatch(user_id) is not None
        and isinstance(sessionid, str)
        and is_instagram_sessionid(sessionid)
        and sessionid.startswith(f"{user_id}%3A")
    )


def _matches(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _int_in(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _header_value(value: Any) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= _MAX_HEADER_VALUE
        and _HEADER_SAFE.fullmatch(value) is not None
    )
