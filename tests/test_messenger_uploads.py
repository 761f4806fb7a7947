"""Direct video and voice bytes go to rupload.facebook.com through the client's own upstream.

aiograpi sends them with a module-level httpx call that would bypass the emulator (and the
account's proxy); the gateway's client routes them like every other request.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.upstream import Upstream, close_client
from tests.media_files import mp4

FB = "rupload.facebook.com"


@pytest.mark.parametrize("server", [False, True], ids=["in-process", "emulator-server"])
async def test_direct_video_and_voice_uploads_reach_the_emulator(
    server: bool, emulator: Emulator, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if server:
        base_url, emulator = request.getfixturevalue("emulator_server")
        upstream = Upstream(base_url)
    else:
        upstream = Upstream("sandbox", emulator=emulator)
    cl = upstream.new_client()
    video = mp4(tmp_path / "v.mp4", size=(32, 32)).read_bytes()
    try:
        await cl.login("demo", "demo-password")
        emulator.log.clear()
        video_id = await cl._video_rupload(video, "abc-0-1-2-3", "1_ABC_Mixed_0")
        voice_id = await cl._voice_rupload(b"\x00\x00\x00\x18ftypM4A sound", "171", 42)
    finally:
        await close_client(cl)
        await upstream.aclose()
    assert emulator.log.lines() == [
        f"GET {FB}/messenger_video/abc-0-1-2-3",
        f"POST {FB}/messenger_video/abc-0-1-2-3",
        f"GET {FB}/messenger_audio/171_0_42",
        f"POST {FB}/messenger_audio/171_0_42",
    ]
    demo = emulator.world.users.by_username("demo").pk
    assert emulator.world.uploads.peek(video_id, demo, "video").data == video
    assert emulator.world.uploads.peek(voice_id, demo, "audio").entity_type == "audio/mp4"
