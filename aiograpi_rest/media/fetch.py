"""The one way the gateway fetches a caller-given URL (`…/upload/by/url`).

- http(s) only; the host resolved once and every address it resolves to checked (`addresses`);
- the connection made to the address that was checked, so a second lookup (DNS rebinding) cannot
  swap it: the request goes to the IP with the original `Host` header, and for https the TLS
  server name (SNI) and certificate check stay the host name's;
- redirects followed by hand, at most `max_redirects`, each hop resolved and checked the same way;
- a byte cap while streaming: past it the connection is dropped, not read to its end (413);
- one time limit for everything (lookups, redirects, body): 504.

The file's type is not taken from the answer's headers: the caller sniffs the saved bytes.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
from fastapi import Form

from aiograpi_rest.boundary import PORT_PATTERN
from aiograpi_rest.config import Settings
from aiograpi_rest.errors import ApiError, invalid
from aiograpi_rest.media.addresses import (
    AllowList,
    IPAddress,
    address_refusal,
    is_local_name,
    literal_address,
)
from aiograpi_rest.upstream import shared_ssl_context

CHUNK = 256 * 1024
# What the fetcher takes: http(s) in any case (it lowercases), printable ASCII, a host.
SOURCE_URL_PATTERN = (
    rf"^ *[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:{PORT_PATTERN})?([/?#][!-~]*)? *$"
)


def source_url_form(what: str) -> Any:
    """The `url` form field of an `…/upload/by/url` route, fetching `what` (a photo, a video)."""
    return Form(
        max_length=2048,
        pattern=SOURCE_URL_PATTERN,
        description=f"An http(s) URL of {what}: the gateway fetches it (public addresses only, unless "
        "AIOGRAPI_REST_FETCH_ALLOW lists it) and checks it as an upload.",
    )


REDIRECTS = frozenset({301, 302, 303, 307, 308})
ALLOW_HINT = (
    "give a public http(s) URL (AIOGRAPI_REST_FETCH_ALLOW lists hosts or CIDRs that are allowed anyway)"
)


@dataclass(frozen=True)
class FetchPolicy:
    """What a fetch may reach and how much it may take."""

    allow: AllowList
    max_bytes: int
    timeout: float
    max_redirects: int = 5

    @classmethod
    def of(cls, settings: Settings) -> FetchPolicy:
        return cls(AllowList.parse(settings.fetch_allow), settings.fetch_max_bytes, settings.fetch_timeout)


def _refused(field: str, why: str) -> ApiError:
    error = invalid(field, f"refused: {why}")
    error.hint = f"Fix the '{field}' field: {ALLOW_HINT}."
    return error


def _checked_url(field: str, url: str | httpx.URL) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise invalid(field, "not a URL") from None
    if parsed.scheme not in ("http", "https") or not parsed.raw_host:
        raise invalid(field, "not an http(s) URL")
    return parsed


async def _address(field: str, url: httpx.URL, allow: AllowList) -> IPAddress:
    """The one address this URL is fetched from, after checking every address its host has."""
    host = url.raw_host.decode("ascii")
    if is_local_name(host) and not allow.allows_host(host):
        raise _refused(field, f"{host} is this machine")
    literal = literal_address(host)
    if literal is not None:
        found = [literal]
    else:
        try:
            port = url.port or (443 if url.scheme == "https" else 80)
            infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            raise invalid(field, f"the host {host} could not be resolved") from None
        found = list(dict.fromkeys(literal_address(str(info[4][0])) for info in infos))
    for address in found:
        if address is None:
            raise _refused(field, f"{host} resolves to an address that cannot be read")
        if why := address_refusal(host, address, allow):
            raise _refused(field, why)
    return found[0]  # type: ignore[return-value]


def _pinned(url: httpx.URL, address: IPAddress) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """The request to `address` that the server still sees (Host, TLS name) as one to `url`'s host."""
    host = url.raw_host.decode("ascii")
    headers = {"Host": url.netloc.decode("ascii"), "Accept-Encoding": "identity"}
    extensions = {"sni_hostname": host} if url.scheme == "https" and literal_address(host) is None else {}
    return url.copy_with(host=str(address)), headers, extensions


async def _stream_to(field: str, response: httpx.Response, dest: Path, max_bytes: int) -> int:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(field, max_bytes)
    size = 0
    async with await anyio.open_file(dest, "wb") as out:
        async for chunk in response.aiter_bytes(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(field, max_bytes)
            await out.write(chunk)
    return size


def _too_large(field: str, max_bytes: int) -> ApiError:
    return ApiError(
        413,
        f"{field}: the file at the URL is larger than {max_bytes} bytes",
        exc_type="UploadTooLarge",
        hint="Fetch a smaller file (the limit is AIOGRAPI_REST_FETCH_MAX_BYTES).",
    )


async def _fetch(field: str, url: httpx.URL, dest: Path, policy: FetchPolicy) -> int:
    async with httpx.AsyncClient(
        trust_env=False, follow_redirects=False, verify=shared_ssl_context(), timeout=policy.timeout
    ) as client:
        for _hop in range(policy.max_redirects + 1):
            address = await _address(field, url, policy.allow)
            target, headers, extensions = _pinned(url, address)
            request = client.build_request("GET", target, headers=headers, extensions=extensions)
            response = await client.send(request, stream=True)
            try:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    url = _checked_url(field, url.join(response.headers["location"]))
                    continue
                if response.status_code >= 400:
                    raise invalid(field, f"the server answered HTTP {response.status_code}")
                return await _stream_to(field, response, dest, policy.max_bytes)
            finally:
                # Closing an answer that was not read to its end drops its connection.
                await response.aclose()
    raise invalid(field, f"more than {policy.max_redirects} redirects")


async def fetch(field: str, url: str, dest: Path, policy: FetchPolicy) -> int:
    """Save the body at `url` to `dest`; the number of bytes. Every refusal names `field`.

    Raises `ApiError`: 422 for a URL or address that is refused, an HTTP error answer or too many
    redirects; 413 (`UploadTooLarge`) past `policy.max_bytes`; 504 (`FetchTimeout`) past
    `policy.timeout`; 502 (`FetchFailed`) when the server cannot be reached.
    """
    checked = _checked_url(field, url)
    try:
        with anyio.fail_after(policy.timeout):
            return await _fetch(field, checked, dest, policy)
    except (TimeoutError, httpx.TimeoutException):
        raise ApiError(
            504,
            f"{field}: the URL did not answer within {policy.timeout:g} s",
            exc_type="FetchTimeout",
            hint="Retry, or give a faster server (AIOGRAPI_REST_FETCH_TIMEOUT sets the limit).",
        ) from None
    except httpx.HTTPError as exc:
        raise ApiError(
            502,
            f"{field}: the URL could not be fetched ({type(exc).__name__})",
            exc_type="FetchFailed",
            hint="Check that the URL's server is up and reachable from the gateway.",
        ) from None
