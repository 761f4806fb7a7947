"""The rules every value meets where it enters, before it can reach an upstream URL or header.

Each rule is a regular expression or a bound that FastAPI enforces and writes into the OpenAPI
schema, so a client or fuzzer that follows the schema is never refused, and a value that could
change which Instagram endpoint a session's cookies are sent to (`../`, `?`, `#`, `%`, control
characters) never gets past the parameter it came in.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Query
from pydantic import StringConstraints

# Instagram's ids are unsigned 64-bit at most: 20 digits.
DIGITS_PATTERN = r"^\d{1,20}$"
# Direct thread ids are 128-bit numbers: up to 39 digits (40 allowed).
THREAD_ID_PATTERN = r"^\d{1,40}$"
# Direct message (item) ids are as long: up to 39 digits (40 allowed).
MESSAGE_ID_PATTERN = r"^[0-9]{1,40}$"
# A media id is `<media_pk>_<owner_pk>`; a bare media pk is accepted where aiograpi looks the owner up.
MEDIA_ID_PATTERN = r"^\d{1,20}(_\d{1,20})?$"
# Spaces around are tolerated (and stripped): callers paste names from text.
USERNAME_PATTERN = r"^ *@?[A-Za-z0-9._]{1,30} *$"
# A user id field: digits (spaces around tolerated). A username there is refused, not looked up:
# the lookup would be an upstream call the operation does not list.
USER_PATTERN = r"^ *\d{1,20} *$"
# A hashtag name, with or without '#' (spaces around stripped): Instagram's hashtag characters are
# letters, digits and '_'. Letters here are ASCII and the main scripts' letter blocks (Latin, Greek,
# Cyrillic, Hebrew, Arabic, Indic, Thai, kana, CJK, Hangul), spelled as ranges so Python, the
# schema's regex dialect and pydantic's agree; no '/', '?', '#', '%' or space can reach the path.
HASHTAG_LETTERS = (
    r"0-9A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0370-\u03FF\u0400-\u04FF\u05D0-\u05EA"
    r"\u0620-\u064A\u0660-\u0669\u0900-\u0DFF\u0E01-\u0E3A\u0E40-\u0E4E\u3041-\u3096\u30A1-\u30FA"
    r"\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3"
)
HASHTAG_PATTERN = rf"^ *#?[{HASHTAG_LETTERS}]{{1,100}} *$"
# A highlight pk, bare or as Instagram's reel id `highlight:<pk>`.
HIGHLIGHT_PK_PATTERN = r"^ *(highlight:)?\d{1,20} *$"
# Cursors are Instagram's opaque strings (or ours, `<cursor>~<n>`): printable ASCII, no space.
CURSOR_PATTERN = r"^[!-~]{0,1000}$"
# One URL path segment: printable ASCII but `/`, `?` and `#`.
URL_SEGMENT = r'[!"$-.0->@-~]'
# A TCP port, 1 to 65535, as digits.
PORT_PATTERN = r"([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
# Small enumerations Instagram names in snake case (`surface`, `entry_point`).
WORD_PATTERN = r"^[a-z0-9_]{1,64}$"
# Text Instagram refuses when it is only whitespace ("Your comment is empty").
# `\x1c`-`\x1f` are spaces to Python (which strips them) but not to the schema's `\s`: named.
TEXT_PATTERN = r"^[\s\x1c-\x1f]*[^\s\x1c-\x1f][\s\S]*$"
# What a person types in a search box: a blank search finds nothing, so it is refused; control
# characters (line breaks included) are refused everywhere in it.
SEARCH_PATTERN = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
SEARCH_MAX = 200

# What each rule means, for the 422's message instead of the bare regular expression.
PATTERN_MEANING = {
    DIGITS_PATTERN: "an id: 1 to 20 digits",
    THREAD_ID_PATTERN: "a Direct thread id: 1 to 40 digits",
    MESSAGE_ID_PATTERN: "a Direct message id: 1 to 40 digits",
    USER_PATTERN: "a user id: 1 to 20 digits (GET /user?username=… gives it for a username)",
    MEDIA_ID_PATTERN: "a media id: <media_pk>_<owner_pk>, digits",
    USERNAME_PATTERN: "a username: 1 to 30 letters, digits, '.' or '_', with or without '@'",
    HASHTAG_PATTERN: "a hashtag: 1 to 100 letters, digits or '_', with or without '#'",
    HIGHLIGHT_PK_PATTERN: "a highlight pk: 1 to 20 digits, with or without 'highlight:' before them",
    CURSOR_PATTERN: "a cursor this API gave: printable ASCII without spaces, at most 1000 characters",
    WORD_PATTERN: "a lowercase word of letters, digits and '_'",
    TEXT_PATTERN: "text with at least one character that is not a space",
    SEARCH_PATTERN: "search text: at least one character that is not a space, no control characters",
}

# Base32 in whole groups (pyotp pads the rest): lengths of 1, 3 or 6 past a group of 8 never decode.
TOTP_SEED_PATTERN = r"^([A-Za-z2-7]{8}){2,}([A-Za-z2-7]{2}|[A-Za-z2-7]{4,5}|[A-Za-z2-7]{7})?$"


def described(pattern: str, meaning: str) -> str:
    """`pattern`, with what it means for the 422's message (a route module's own rule)."""
    PATTERN_MEANING[pattern] = meaning
    return pattern


PK_MAX = 2**63 - 1
# "0: all" amounts: a bound that keeps the number an integer everywhere, not a limit anyone meets.
MAX_ALL = 100_000
# Integers Instagram takes in JSON bodies (note styles, audiences) are 32-bit.
INT32_MAX = 2**31 - 1

# Offsets from UTC in seconds, as Instagram takes them: UTC-12 to UTC+14.
TIMEZONE_OFFSET_MIN, TIMEZONE_OFFSET_MAX = -12 * 3600, 14 * 3600

CURSOR_HELP = "`next_cursor` of the previous page (printable ASCII)."

QueryCursor = Annotated[str, Query(pattern=CURSOR_PATTERN, description=CURSOR_HELP)]
QueryPk = Annotated[int, Query(ge=1, le=PK_MAX)]
# Items of repeated fields: the pattern lands on each item, in the code and in the schema.
DigitsItem = Annotated[str, StringConstraints(pattern=DIGITS_PATTERN)]
UserItem = Annotated[str, StringConstraints(pattern=USER_PATTERN)]


def search_query(description: str = "Search text (trimmed).") -> Any:
    """A query parameter holding search text: not blank, no control characters, a bounded length."""
    return Query(
        pattern=SEARCH_PATTERN,
        max_length=SEARCH_MAX,
        description=f"{description} At most {SEARCH_MAX} characters.",
    )


def latitude_query(description: str = "Latitude in degrees.") -> Any:
    return Query(ge=-90, le=90, description=f"{description} -90 to 90.")


def longitude_query(description: str = "Longitude in degrees.") -> Any:
    return Query(ge=-180, le=180, description=f"{description} -180 to 180.")


QueryTimezoneOffset = Annotated[
    int,
    Query(
        ge=TIMEZONE_OFFSET_MIN,
        le=TIMEZONE_OFFSET_MAX,
        description="The searcher's offset from UTC in seconds (-43200 to 50400).",
    ),
]


def path_segment(value: str) -> str:
    """`value` as one URL path segment: a second guard behind the patterns above, since aiograpi
    pastes ids and usernames into its paths as they are."""
    return quote(value, safe="")
