"""Fault injection: each preset raises the aiograpi exception it stands for; rules count and expire."""

from __future__ import annotations

import httpx
import pytest
from aiograpi.exceptions import (
    ChallengeRequired,
    CheckpointRequired,
    ClientNotFoundError,
    ClientStatusFail,
    ClientThrottledError,
    ClientUnknownError,
    FeedbackRequired,
    LoginRequired,
    MediaNotFound,
    PleaseWaitFewMinutes,
    UserNotFound,
)

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.errors import PRESETS
from aiograpi_rest.emulator.seed import DEMO_PASSWORD

PRESET_EXCEPTIONS = {
    "login_required": LoginRequired,
    "challenge_required": ChallengeRequired,
    "checkpoint_required": CheckpointRequired,
    "feedback_required": FeedbackRequired,
    "please_wait": PleaseWaitFewMinutes,
    "rate_limited": ClientThrottledError,
    "server_error": ClientUnknownError,
    "not_found": ClientNotFoundError,
    "transcode_not_finished": ClientStatusFail,
}


def test_every_preset_is_in_the_table() -> None:
    assert set(PRESET_EXCEPTIONS) == set(PRESETS)


@pytest.mark.parametrize(("preset", "exception"), sorted(PRESET_EXCEPTIONS.items()))
async def test_preset_raises_its_exception(
    em: Emulator, make_client, control: httpx.AsyncClient, preset: str, exception: type
) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    media = em.world.media.by_owner(em.world.users.by_username("alice").pk)[0]
    answer = await control.post("/__emulator/faults", json={"path": r"/like/$", "preset": preset})
    assert answer.status_code == 201

    with pytest.raises(exception):
        await cl.media_like(media.id)

    assert em.world.users.by_username("demo").pk not in media.likes
    faulted = em.log.calls("/like/")
    assert faulted and all(e.fault == answer.json()["fault"]["id"] for e in faulted)
    assert faulted[0].status == PRESETS[preset][0]


async def test_not_found_is_narrowed_where_aiograpi_narrows_it(em: Emulator, make_client) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    em.faults.add(r"/info/$", preset="not_found")
    with pytest.raises(UserNotFound):
        await cl.user_info_v1(cl.user_id)
    with pytest.raises(MediaNotFound):
        await cl.media_info_v1(em.world.media.by_owner(str(cl.user_id))[0].pk)


async def test_times_limits_a_rule_and_custom_bodies_pass_through(em: Emulator, make_client) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    rule = em.faults.add(
        r"users/\d+/info/", method="GET", status=400, body={"message": "feedback_required"}, times=1
    )
    with pytest.raises(FeedbackRequired):
        await cl.user_info_v1(cl.user_id)
    assert rule.remaining == 0
    assert (await cl.user_info_v1(cl.user_id)).username == "demo"
    assert [e.fault for e in em.log.calls("/info/")] == [rule.id, None]


async def test_method_filter_leaves_other_methods_alone(em: Emulator, make_client) -> None:
    cl = make_client()
    em.faults.add("launcher/sync/", method="GET", preset="server_error")
    assert await cl.login("demo", DEMO_PASSWORD)  # login POSTs launcher/sync/


async def test_delay_only_rule_still_answers_from_the_world(em: Emulator, make_client) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    rule = em.faults.add(r"/info/$", delay=0.01)
    assert (await cl.user_info_v1(cl.user_id)).username == "demo"
    assert rule.hits == 1


async def test_control_api_lists_validates_and_clears(em: Emulator, control: httpx.AsyncClient) -> None:
    bad = await control.post("/__emulator/faults", json={"path": "x", "preset": "nope"})
    assert bad.status_code == 422 and "preset" in bad.json()["message"]
    bad = await control.post("/__emulator/faults", json={"path": "("})
    assert bad.status_code == 422 and "path" in bad.json()["message"]
    bad = await control.post("/__emulator/faults", json={"path": "x", "status": 500, "colour": "red"})
    assert bad.status_code == 422 and "colour" in bad.json()["message"]

    await control.post("/__emulator/faults", json={"path": "a", "status": 500, "times": 2})
    second = (await control.post("/__emulator/faults", json={"path": "b", "preset": "rate_limited"})).json()
    listed = (await control.get("/__emulator/faults")).json()
    assert [(f["path"], f["status"], f["remaining"]) for f in listed["faults"]] == [
        ("a", 500, 2),
        ("b", 429, None),
    ]
    assert "login_required" in listed["presets"]

    assert (await control.delete(f"/__emulator/faults/{second['fault']['id']}")).status_code == 200
    assert [f["path"] for f in (await control.get("/__emulator/faults")).json()["faults"]] == ["a"]
    await control.delete("/__emulator/faults")
    assert (await control.get("/__emulator/faults")).json()["faults"] == []
