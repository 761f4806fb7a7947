"""Login state: sessions, pending two-factor logins, challenges, trusted devices and TOTP setup."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass, field

import pyotp

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.world.ids import Ids
from aiograpi_rest.emulator.world.outbox import Outbox
from aiograpi_rest.emulator.world.users import User, Users

# Signs the sessionids this emulator hands out, so they outlive its in-memory world (see `session`).
# It guards nothing real: the emulator's accounts and their passwords are public.
_SESSION_SIGNING_KEY = b"aiograpi-rest emulator sessions"


@dataclass
class Session:
    sessionid: str
    user_pk: str
    device_id: str
    created_at: float = field(default_factory=time.time)
    active: bool = True
    csrftoken: str = ""
    mid: str = ""


@dataclass
class PendingTwoFactor:
    identifier: str
    user_pk: str
    device_id: str


@dataclass
class Challenge:
    nonce: str
    user_pk: str
    device_id: str
    code: str  # e-mailed to the user
    passed: bool = False
    step: str = "verify_email"  # or "change_password": a new password, set on a Bloks screen


class Auth:
    def __init__(self, ids: Ids, users: Users, outbox: Outbox) -> None:
        self._ids = ids
        self._users = users
        self._outbox = outbox
        self.sessions: dict[str, Session] = {}
        self.two_factor: dict[str, PendingTwoFactor] = {}
        self.challenges: dict[str, Challenge] = {}
        self.trusted_devices: set[tuple[str, str]] = set()  # (user_pk, device_id) past a challenge
        self.pending_totp: dict[str, str] = {}  # user_pk → seed generated, not yet enabled
        self.generation = 0  # how many times this process reset the world; part of each sessionid
        self.backup_codes: dict[str, list[str]] = {}  # user_pk → unused eight-digit backup codes
        self.caa_only: set[str] = set()  # user pks whose legacy password login Instagram refuses
        self.two_step: dict[str, TwoStep] = {}  # two_step_verification_context → pending Bloks 2FA
        self.password_resets: set[str] = set()  # user pks whose next challenge asks a new password

    def login(self, username: str, password: str | None, device_id: str) -> Session:
        """Check credentials; raise the answer Instagram gives when one more step is needed."""
        user = self._users.find(username)
        if user is None:
            raise errors.invalid_user(username)
        if user.pk in self.caa_only:
            # Moved to the CAA login: the legacy endpoint says "wrong password" even to the right one.
            raise errors.bad_password()
        if password != user.password:
            raise errors.bad_password()
        if user.two_factor_enabled:
            raise errors.two_factor_required(self._start_two_factor(user, device_id))
        challenged = user.challenge_code or user.pk in self.password_resets
        if challenged and (user.pk, device_id) not in self.trusted_devices:
            raise self.start_challenge(user, device_id)
        return self.open_session(user.pk, device_id)

    def start_challenge(self, user: User, device_id: str) -> errors.UpstreamError:
        """A challenge for this device whose code is e-mailed; the answer that asks for it."""
        nonce = self._ids.token(10)
        if user.pk in self.password_resets:
            self.challenges[nonce] = Challenge(nonce, user.pk, device_id, "", step="change_password")
            return errors.challenge_required(user.pk, nonce)
        code = user.challenge_code or f"{self._ids.rng.randint(0, 999_999):06d}"
        self.challenges[nonce] = Challenge(nonce, user.pk, device_id, code)
        self._outbox.send("challenge_email", user.pk, user.email, code)
        return errors.challenge_required(user.pk, nonce)

    def _start_two_factor(self, user: User, device_id: str) -> dict:
        identifier = self._ids.token(32)
        self.two_factor[identifier] = PendingTwoFactor(identifier, user.pk, device_id)
        if user.sms_two_factor_code:
            self._outbox.send("two_factor_sms", user.pk, user.phone_number, user.sms_two_factor_code)
        return {
            "username": user.username,
            "pk": int(user.pk),
            "two_factor_identifier": identifier,
            "sms_two_factor_on": bool(user.sms_two_factor_code),
            "totp_two_factor_on": bool(user.totp_seed),
            "whatsapp_two_factor_on": False,
            "obfuscated_phone_number": user.phone_number[-2:] if user.phone_number else "",
            "show_messenger_code_option": False,
            "show_new_login_screen": True,
            "show_trusted_device_option": True,
            "should_opt_in_trusted_device_option": True,
            "pending_trusted_notification": False,
            "two_step_verification_context": self.start_two_step(user, device_id, identifier).context,
        }

    def two_factor_login(self, identifier: str, code: str, username: str = "") -> Session:
        pending = self.two_factor.get(identifier)
        if pending is None:
            raise errors.two_factor_expired()
        user = self._users.get(pending.user_pk)
        if username and username.lower() != user.username.lower():
            raise errors.two_factor_expired()
        if not self.two_factor_code_ok(user, code):
            raise errors.invalid_two_factor_code()
        del self.two_factor[identifier]
        self._drop_two_step(identifier)
        self._outbox.used("two_factor_sms", user.pk, code.strip())
        return self.open_session(user.pk, pending.device_id)

    @staticmethod
    def two_factor_code_ok(user: User, code: str) -> bool:
        code = (code or "").strip()
        if user.sms_two_factor_code and code == user.sms_two_factor_code:
            return True
        return bool(user.totp_seed) and pyotp.TOTP(user.totp_seed).verify(code, valid_window=1)

    def challenge(self, nonce: str, user_pk: str) -> Challenge:
        challenge = self.challenges.get(nonce)
        if challenge is None or challenge.user_pk != str(user_pk):
            raise errors.fail(404, "Challenge not found")
        return challenge

    def pass_challenge(self, nonce: str, user_pk: str, code: str) -> None:
        challenge = self.challenge(nonce, user_pk)
        if challenge.step != "verify_email":
            raise errors.bad_request("This challenge asks for a new password, not a code.")
        if (code or "").strip() != challenge.code:
            raise errors.invalid_security_code()
        challenge.passed = True
        self._outbox.used("challenge_email", challenge.user_pk, challenge.code)
        self.trusted_devices.add((challenge.user_pk, challenge.device_id))

    def open_session(self, user_pk: str, device_id: str) -> Session:
        nonce = f"{self._ids.token(14)}{len(self.sessions)}%3A{self.generation}"
        sessionid = f"{user_pk}%3A{nonce}%3A{_signature(user_pk, nonce)}"
        session = Session(
            sessionid, user_pk, device_id, csrftoken=self._ids.token(32), mid=f"Z{self._ids.token(27)}"
        )
        self.sessions[sessionid] = session
        return session

    def session(self, sessionid: str | None) -> Session | None:
        """A live session, or None when unknown or logged out.

        A sessionid this emulator signed before it restarted is taken back: the sandbox's stored
        sessions outlive its in-memory world, and users expect their tokens to keep working. One
        from before a reset of this process (an older `generation`) stays logged out.
        """
        session = self.sessions.get(sessionid or "") or self._revive(sessionid or "")
        return session if session and session.active else None

    def _revive(self, sessionid: str) -> Session | None:
        user_pk, _, rest = sessionid.partition("%3A")
        nonce, _, signature = rest.rpartition("%3A")
        generation = nonce.rpartition("%3A")[2]
        if user_pk not in self._users.by_pk or not hmac.compare_digest(signature, _signature(user_pk, nonce)):
            return None
        if not generation.isdigit() or int(generation) < self.generation:
            return None
        session = Session(
            sessionid, user_pk, "", csrftoken=self._ids.token(32), mid=f"Z{self._ids.token(27)}"
        )
        self.sessions[sessionid] = session
        return session

    def logout(self, sessionid: str) -> None:
        session = self.sessions.get(sessionid)
        if session:
            session.active = False

    # TOTP setup for a logged-in user
    def generate_totp_seed(self, user_pk: str) -> str:
        seed = _seed_from(self._ids)
        self.pending_totp[user_pk] = seed
        return seed

    def enable_totp(self, user_pk: str, code: str) -> list[str]:
        seed = self.pending_totp.get(user_pk)
        if seed is None:
            raise errors.bad_request("Generate a TOTP key first.")
        if not pyotp.TOTP(seed).verify((code or "").strip(), valid_window=1):
            raise errors.invalid_two_factor_code()
        self._users.get(user_pk).totp_seed = seed
        del self.pending_totp[user_pk]
        codes = [f"{self._ids.rng.randrange(10**7, 10**8)}" for _ in range(5)]
        self.backup_codes[user_pk] = list(codes)
        return codes

    def disable_totp(self, user_pk: str) -> None:
        self._users.get(user_pk).totp_seed = None

    # Bloks two-step verification: the flow the app runs from a `two_step_verification_context`
    # (the two-factor answer carries one; the CAA login hands one out). The context is the
    # login's state: the chosen method, then a code for it, opens the session.
    def start_two_step(self, user: User, device_id: str, identifier: str = "") -> TwoStep:
        step = TwoStep(self._ids.token(48), user.pk, device_id, identifier)
        self.two_step[step.context] = step
        return step

    def two_step_at(self, context: str) -> TwoStep:
        step = self.two_step.get(context or "")
        if step is None:
            raise errors.two_factor_expired()
        return step

    def two_step_methods(self, user: User) -> list[str]:
        """The methods the picker offers, in the app's order."""
        methods = ["totp"] if user.totp_seed else []
        methods += ["sms"] if user.sms_two_factor_code else []
        return methods + (["backup_codes"] if self.backup_codes.get(user.pk) else [])

    def choose_two_step_method(self, context: str, method: str) -> TwoStep:
        step = self.two_step_at(context)
        user = self._users.get(step.user_pk)
        if method not in self.two_step_methods(user):
            raise errors.bad_request(f"The verification method {method!r} is not available for this account.")
        step.method = method
        if method == "sms":
            self._outbox.send("two_factor_sms", user.pk, user.phone_number, user.sms_two_factor_code)
        return step

    def verify_two_step(self, context: str, code: str, method: str) -> Session:
        step = self.two_step_at(context)
        if not step.method or method != step.method:
            raise errors.bad_request("Choose a verification method first.")
        user = self._users.get(step.user_pk)
        code = "".join((code or "").split()).replace("-", "")
        if method == "backup_codes":
            unused = self.backup_codes.get(user.pk, [])
            if code not in unused:
                raise errors.invalid_two_factor_code()
            unused.remove(code)  # each backup code works once
        elif not self._method_code_ok(user, method, code):
            raise errors.invalid_two_factor_code()
        else:
            self._outbox.used("two_factor_sms", user.pk, code)
        del self.two_step[context]
        self.two_factor.pop(step.identifier, None)
        return self.open_session(user.pk, step.device_id)

    @staticmethod
    def _method_code_ok(user: User, method: str, code: str) -> bool:
        if method == "sms":
            return bool(user.sms_two_factor_code) and code == user.sms_two_factor_code
        return bool(user.totp_seed) and pyotp.TOTP(user.totp_seed).verify(code, valid_window=1)

    def caa_login(self, username: str, password: str | None, device_id: str) -> TwoStep | Session:
        """The CAA login: credentials checked; a two-factor account gets a two-step context."""
        user = self._users.find(username)
        if user is None:
            raise errors.invalid_user(username)
        if password != user.password:
            raise errors.bad_password()
        if user.two_factor_enabled:
            return self.start_two_step(user, device_id)
        return self.open_session(user.pk, device_id)

    def change_password_by_challenge(
        self, nonce: str, user_pk: str, new1: str | None, new2: str | None
    ) -> None:
        """A challenge's change_password step: the new password replaces the old one, and this
        device is trusted, as after any passed challenge."""
        challenge = self.challenge(nonce, user_pk)
        if challenge.step != "change_password":
            raise errors.bad_request("This challenge does not ask for a new password.")
        user = self._users.get(challenge.user_pk)
        if not new1 or new1 != new2:
            raise errors.bad_request("Please make sure both passwords match.")
        if len(new1) < 6:
            raise errors.bad_request("Create a password at least 6 characters long.")
        if new1 == user.password:
            raise errors.bad_request("Create a new password you haven't used before.")
        user.password = new1
        challenge.passed = True
        self.password_resets.discard(user.pk)
        self.trusted_devices.add((user.pk, challenge.device_id))

    def _drop_two_step(self, identifier: str) -> None:
        for context in [c for c, step in self.two_step.items() if step.identifier == identifier]:
            del self.two_step[context]


@dataclass
class TwoStep:
    context: str
    user_pk: str
    device_id: str
    identifier: str = ""  # the legacy two_factor_identifier of the same login, if any
    method: str = ""  # chosen in the method picker


def _seed_from(ids: Ids) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "".join(ids.rng.choice(alphabet) for _ in range(32))


def _signature(user_pk: str, nonce: str) -> str:
    return hmac.new(_SESSION_SIGNING_KEY, f"{user_pk}:{nonce}".encode(), hashlib.sha256).hexdigest()[:16]
