"""Response builders shared by every handler, in the JSON shape aiograpi's extractors parse.

Each takes the world and a state object (and the viewer's pk where the answer depends on who
asks) and returns plain JSON-ready dicts. `tests/emulator/test_builders.py` runs every builder's
output through the matching extractor in `aiograpi/extractors.py`.
"""

from __future__ import annotations

from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.builders.direct import direct_message, direct_thread, note_dict, note_v1
from aiograpi_rest.emulator.builders.live import broadcast_v1, live_comment_v1
from aiograpi_rest.emulator.builders.media import (
    collection_v1,
    comment_v1,
    location_v1,
    media_gql,
    media_note_v1,
    media_oembed,
    media_v1,
    resource_v1,
)
from aiograpi_rest.emulator.builders.stories import (
    archive_day_v1,
    guide_v1,
    highlight_v1,
    reel_gql,
    story_gql,
    story_v1,
)
from aiograpi_rest.emulator.builders.tags import hashtag_v1, track_v1
from aiograpi_rest.emulator.builders.users import (
    account,
    bio_link,
    friendship_status,
    user_gql,
    user_short,
    user_v1,
)

__all__ = [
    "Json",
    "account",
    "bio_link",
    "broadcast_v1",
    "collection_v1",
    "comment_v1",
    "direct_message",
    "direct_thread",
    "friendship_status",
    "guide_v1",
    "hashtag_v1",
    "highlight_v1",
    "live_comment_v1",
    "location_v1",
    "media_gql",
    "media_note_v1",
    "media_oembed",
    "media_v1",
    "note_dict",
    "note_v1",
    "resource_v1",
    "story_v1",
    "story_gql",
    "reel_gql",
    "archive_day_v1",
    "track_v1",
    "user_gql",
    "user_short",
    "user_v1",
]
