"""Download-by-URL routes accept Instagram's media CDN and nothing else (a pure check).

aiograpi fetches these URLs itself through the session's public client, which the gateway routes
through the session's upstream (the emulator in the sandbox, the account's proxy otherwise), so
the gateway only decides whether the URL is one; it never fetches it here.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse, urlsplit

from aiograpi_rest.boundary import URL_SEGMENT
from aiograpi_rest.errors import invalid

CDN_DOMAINS = ("cdninstagram.com", "fbcdn.net")
CDN_HELP = "An Instagram media URL: https on *.cdninstagram.com or *.fbcdn.net, ending in a file name."
# aiograpi names the file after the URL's last path segment and its suffix (`name.ext`), reading
# the path with `urlparse`, which cuts `;params` off the last segment; a URL without one would
# fail inside aiograpi (an IndexError: a 500).
_FILE_NAME = re.compile(r"^[^/]+\.[A-Za-z0-9]{1,5}$")
# A last segment holds no `;`: what follows one is `urlparse`'s params, not the file name.
_LAST_SEGMENT = r'[!"$-.0-:<->@-~]'
# The same rules as a pattern for the schema: https, a CDN host, a path ending in `name.ext`.
CDN_URL_PATTERN = (
    rf"^ *https://([A-Za-z0-9-]+\.)*(cdninstagram\.com|fbcdn\.net)(/{URL_SEGMENT}*)*/{_LAST_SEGMENT}+\.[A-Za-z0-9]{{1,5}}"
    r"([?#][!-~]*)? *$"
)


def is_cdn_host(host: str) -> bool:
    name = host.rstrip(".").lower()
    return any(name == d or name.endswith("." + d) for d in CDN_DOMAINS)


def cdn_url(field: str, url: str) -> str:
    """`url`, stripped, if it is an https URL of Instagram's media CDN; else a 422 naming `field`."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise invalid(field, "not a URL") from None
    if parts.scheme != "https" or not is_cdn_host(host) or parts.username or parts.password:
        raise invalid(field, f"not an Instagram CDN URL ({', '.join('*.' + d for d in CDN_DOMAINS)}, https)")
    if not _FILE_NAME.match(urlparse(url).path.rsplit("/", 1)[-1]):
        raise invalid(field, "the URL's path does not end in a file name with a suffix (like .jpg or .mp4)")
    return url
