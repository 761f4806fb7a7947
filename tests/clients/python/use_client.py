"""A program written against the client openapi-python-client generates from /openapi.json
(importable as `aiograpi_rest_client`): type-checked with it by `mypy --strict`, then run against
`serve --sandbox` by tests/test_generated_clients.py. It prints what it read as one JSON line.

Usage: use_client.py BASE_URL API_KEY
"""

from __future__ import annotations

import json
import sys

from aiograpi_rest_client import AuthenticatedClient, Client
from aiograpi_rest_client.api.auth import post_auth_login
from aiograpi_rest_client.api.user import get_user
from aiograpi_rest_client.models import ErrorBody, PostAuthLoginRequest, User


def main(base: str, api_key: str) -> dict[str, object]:
    # Logging in takes no session: a plain client that sends the API key.
    keyed = Client(base_url=base, headers={"X-API-Key": api_key})
    token = post_auth_login.sync(
        client=keyed, body=PostAuthLoginRequest(username="demo", password="demo-password")
    )
    if not isinstance(token, str):
        raise SystemExit(f"login failed: {token}")
    # The session's client sends both: the token as X-Session-ID, the key as X-API-Key.
    session = AuthenticatedClient(
        base_url=base, token=token, auth_header_name="X-Session-ID", prefix="", headers={"X-API-Key": api_key}
    )
    user = get_user.sync(client=session, username="instagram")
    if not isinstance(user, User):
        raise SystemExit(f"GET /user failed: {user}")
    missing = get_user.sync_detailed(client=session, username="nobody_by_this_name")
    if not isinstance(missing.parsed, ErrorBody):
        raise SystemExit(f"an unknown user answered {missing.status_code}: {missing.parsed}")
    followers: int = user.follower_count
    return {
        "token": token,
        "user": {"pk": user.pk, "username": user.username, "follower_count": followers},
        "unknown_user": {
            "status": int(missing.status_code),
            "exc_type": missing.parsed.exc_type,
            "request_id": missing.parsed.request_id,
        },
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
