"""The request a handler sees and the answer it gives, free of any web framework."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from aiograpi_rest.emulator.world import World
    from aiograpi_rest.emulator.world.auth import Session
    from aiograpi_rest.emulator.world.users import User

# An ASGI scope key the gateway sets (never a client): the usernames whose e-mail and SMS codes
# this request may read (`GET /__emulator/codes`); absent means all.
VISIBLE_USERS = "aiograpi_rest.visible_users"


@dataclass
class EmRequest:
    method: str
    host: str
    path: str
    query: dict[str, str]
    form: dict[str, Any]
    headers: dict[str, str]  # lower-case names
    cookies: dict[str, str]
    body: bytes = b""
    params: dict[str, str] = field(default_factory=dict)  # from the URL pattern
    world: World = None  # type: ignore[assignment]
    session: Session | None = None
    visible_users: frozenset[str] | None = None  # lower-case; see VISIBLE_USERS

    @property
    def viewer(self) -> User | None:
        """The logged-in user, when the request carries a live session."""
        if self.session is None:
            return None
        return self.world.users.get(self.session.user_pk)

    @property
    def viewer_pk(self) -> str | None:
        return self.session.user_pk if self.session else None

    def field(self, name: str, default: str = "") -> str:
        """A value from the form body, else the query string."""
        value = self.form.get(name, self.query.get(name, default))
        return "" if value is None else str(value)

    def json_field(self, name: str) -> dict[str, Any]:
        """A field holding JSON text (GraphQL `variables`), as a dict; {} when absent or malformed."""
        raw = self.form.get(name, self.query.get(name))
        if isinstance(raw, dict):
            return raw
        try:
            value = json.loads(raw or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def fields(self) -> dict[str, Any]:
        return {**self.query, **self.form}


@dataclass
class Answer:
    """A success answer with headers or cookies; handlers otherwise return a plain dict."""

    body: dict[str, Any] | str | bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    media_type: str = "application/json"


def parse_body(body: bytes, content_type: str) -> dict[str, Any]:
    """Private POST bodies are `signed_body=SIG.<url-encoded JSON>`, plain forms, or raw JSON."""
    if not body or content_type.startswith("multipart/") or "octet-stream" in content_type:
        return {}
    text = body.decode("utf-8", "replace")
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {"_json": data}
    form: dict[str, Any] = dict(parse_qsl(text, keep_blank_values=True))
    signed = form.pop("signed_body", None)
    if signed is not None:
        _signature, _, payload = signed.partition(".")
        try:
            data = json.loads(payload)
        except ValueError:
            data = {}
        if isinstance(data, dict):
            form.update(data)
    return form


def parse_cookies(header: str) -> dict[str, str]:
    cookies = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            cookies[name] = value
    return cookies


def sessionid_from_authorization(header: str) -> str | None:
    """`Bearer IGT:2:<base64 JSON with sessionid>` → the sessionid."""
    if not header.startswith("Bearer IGT:"):
        return None
    try:
        data = json.loads(base64.b64decode(header.rsplit(":", 1)[-1]))
    except ValueError:
        return None
    return data.get("sessionid") if isinstance(data, dict) else None


def authorization_header(user_pk: str, sessionid: str) -> str:
    data = {"ds_user_id": user_pk, "sessionid": sessionid, "should_use_header_over_cookies": True}
    return "Bearer IGT:2:" + base64.b64encode(json.dumps(data).encode()).decode()
