"""Examples for the most used operations, from the sandbox's seeded world (`emulator/seed.py`):
each one works as written against `aiograpi-rest serve --sandbox` logged in as `demo`
(tests/test_openapi.py sends them all).

Keyed by operation id: `query` (parameter values), `body` (the form's fields), `response`.
"""

from __future__ import annotations

from typing import Any

# The seed's values (emulator/seed.py), written out: this module is read when the app starts.
DEMO_PASSWORD = "demo-password"
GUIDE_USERNAME, GUIDE_USER_PK, GUIDE_HASHTAG = "instagram", "25025320", "instagram"
CITY_PK = 212988663
# `instagram`'s first post and `alice`'s user id, the same in every seed.
GUIDE_MEDIA_ID = f"3100000000000000039_{GUIDE_USER_PK}"
ALICE_PK = "1000000004"

EXAMPLES: dict[str, dict[str, Any]] = {
    "postAuthLogin": {
        "body": {"username": "demo", "password": DEMO_PASSWORD},
        "response": "igr_4mT9c2x1V0bq8sKcWjz3yQeHn5r7LdPfA6uXo1iGtEw",
    },
    "getUser": {"query": {"username": GUIDE_USERNAME}},
    "getUserPosts": {"query": {"user_id": GUIDE_USER_PK, "amount": 12}},
    "getUserFollowers": {"query": {"user_id": GUIDE_USER_PK, "amount": 20}},
    "postMediaLike": {"body": {"media_id": GUIDE_MEDIA_ID}, "response": True},
    "postPhotoUpload": {"body": {"caption": f"Sunset over the river #{GUIDE_HASHTAG}"}},
    "postDirectMessage": {"body": {"text": "Hello from the sandbox!", "user_ids": [ALICE_PK]}},
    "getSearchUsers": {"query": {"query": "alice"}},
    "getSearchHashtags": {"query": {"query": GUIDE_HASHTAG}},
    "getHashtag": {"query": {"name": GUIDE_HASHTAG}},
    "getLocation": {"query": {"location_pk": CITY_PK}},
}
