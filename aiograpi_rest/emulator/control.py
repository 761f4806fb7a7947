"""The control API under `/__emulator/` (any host): log, faults, reset and a read-only world view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyotp

from aiograpi_rest.emulator import builders, errors, seed
from aiograpi_rest.emulator.faults import FaultRuleError
from aiograpi_rest.emulator.http import Answer, EmRequest
from aiograpi_rest.emulator.urls import control
from aiograpi_rest.emulator.world.outbox import KINDS

if TYPE_CHECKING:
    from aiograpi_rest.emulator.app import Emulator


@control("GET", "")
def index(em: Emulator, req: EmRequest) -> dict:
    return {
        "seed": em.seed,
        "endpoints": [
            "GET /__emulator/accounts",
            "GET /__emulator/codes",
            "GET|DELETE /__emulator/log",
            "GET|POST|DELETE /__emulator/faults",
            "DELETE /__emulator/faults/{id}",
            "POST /__emulator/reset",
            "GET /__emulator/users/{username}",
            "GET /__emulator/media/{media_id}",
        ],
    }


@control("GET", "accounts")
def accounts(em: Emulator, req: EmRequest) -> dict:
    """The demo accounts and the codes that log them in (the TOTP code is the current one)."""
    return {
        "accounts": [
            {"username": "demo", "password": seed.DEMO_PASSWORD},
            {
                "username": "demo2fa",
                "password": seed.DEMO_PASSWORD,
                "sms_code": seed.DEMO_SMS_CODE,
                "totp_seed": seed.DEMO_TOTP_SEED,
                "totp_code_now": pyotp.TOTP(seed.DEMO_TOTP_SEED).now(),
                "backup_codes_unused": _backup_codes(em, "demo2fa"),
            },
            {
                "username": "demochallenge",
                "password": seed.DEMO_PASSWORD,
                "challenge_email_code": seed.DEMO_CHALLENGE_CODE,
            },
            {"username": "demobloks", "password": seed.DEMO_PASSWORD, "sms_code": seed.DEMO_SMS_CODE},
            {"username": "demopasswordreset", "password": seed.DEMO_PASSWORD},
        ],
        "other_users_password": seed.DEMO_PASSWORD,
    }


def _backup_codes(em: Emulator, username: str) -> list[str]:
    user = em.world.users.find(username)
    return list(em.world.auth.backup_codes.get(user.pk, [])) if user else []


@control("GET", "codes")
def codes(em: Emulator, req: EmRequest) -> dict:
    """Codes and notices the emulator sent by e-mail or SMS, oldest first (`?username=`, `?kind=`);
    through a gateway with API keys, only those of the caller's own accounts."""
    world, username, kind = em.world, req.query.get("username"), req.query.get("kind")
    if kind and kind not in KINDS:
        raise errors.fail(422, f"kind: unknown {kind!r}; one of {sorted(KINDS)}")
    user = world.users.find(username) if username else None
    if username and user is None:
        raise errors.fail(404, f"no user {username!r}")
    visible = req.visible_users
    found = []
    for m in world.outbox:
        if (user is None or m.user_pk == user.pk) and (not kind or m.kind == kind):
            owner = world.users.get(m.user_pk).username
            if visible is None or owner.lower() in visible:
                found.append(m.to_json(owner))
    return {"codes": found, "kinds": KINDS}


@control("GET", "log")
def log_list(em: Emulator, req: EmRequest) -> dict:
    entries = em.log.calls(req.query.get("path"), req.query.get("method"), req.query.get("host"))
    return {"entries": [e.to_json() for e in entries]}


@control("DELETE", "log")
def log_clear(em: Emulator, req: EmRequest) -> dict:
    em.log.clear()
    return {}


@control("GET", "faults")
def faults_list(em: Emulator, req: EmRequest) -> dict:
    return {"faults": [rule.to_json() for rule in em.faults], "presets": sorted(errors.PRESETS)}


@control("POST", "faults")
def faults_add(em: Emulator, req: EmRequest) -> Answer:
    try:
        rule = em.faults.add_from_json(req.form)
    except (FaultRuleError, TypeError, ValueError) as e:
        raise errors.fail(422, str(e)) from None
    return Answer({"fault": rule.to_json()}, status=201)


@control("DELETE", "faults")
def faults_clear(em: Emulator, req: EmRequest) -> dict:
    em.faults.clear()
    return {}


@control("DELETE", "faults/{id}")
def faults_remove(em: Emulator, req: EmRequest) -> dict:
    for rule in em.faults:
        if str(rule.id) == req.params["id"]:
            em.faults.remove(rule)
            return {}
    raise errors.fail(404, f"no fault rule {req.params['id']}")


@control("POST", "reset")
def reset(em: Emulator, req: EmRequest) -> dict:
    em.reset()
    return {}


@control("GET", "users/{username}")
def user_view(em: Emulator, req: EmRequest) -> dict:
    world = em.world
    user = world.users.find(req.params["username"])
    if user is None:
        raise errors.fail(404, f"no user {req.params['username']!r}")
    s = world.social

    def names(pks: Any) -> list[str]:
        return [world.users.get(pk).username for pk in pks]

    return {
        "user": builders.user_v1(world, user),
        "followers": names(pk for _, pk in s.follower_edges(user.pk)),
        "following": names(pk for _, pk in s.following_edges(user.pk)),
        "incoming_requests": names(pk for _, pk in s.request_edges(user.pk)),
        "outgoing_requests": names(b for (a, b) in s.requests if a == user.pk),
        "close_friends": names(sorted(s.close_friends.get(user.pk, ()))),
        "blocked": names(b for (a, b) in sorted(s.blocks) if a == user.pk),
        "media": [
            {"id": m.id, "code": m.code, "media_type": m.media_type, "product_type": m.product_type}
            for m in world.media.by_owner(user.pk)
        ],
        "archived_media": [m.id for m in world.media.by_owner(user.pk, archived=True)],
        "stories": [s_.id for s_ in world.stories.of(user.pk)],
        "highlights": [h.id for h in world.stories.highlights_of(user.pk)],
        "collections": [builders.collection_v1(world, c) for c in world.media.collections_of(user.pk)],
        "threads": [t.thread_id for t in world.direct.inbox(user.pk)],
        "live_sessions": sum(1 for x in world.auth.sessions.values() if x.user_pk == user.pk and x.active),
    }


@control("GET", "media/{media_id}")
def media_view(em: Emulator, req: EmRequest) -> dict:
    world = em.world
    media = world.media.get(req.params["media_id"])
    return {
        "media": builders.media_v1(world, media),
        "likers": [world.users.get(pk).username for _, pk in world.media.liker_edges(media)],
        "saved_by": sorted(world.users.get(pk).username for pk in media.saved_by),
        "archived": media.archived,
        "comment_count": world.media.comment_count(media),
        "pinned_comments": list(media.pinned_comment_pks),
    }
