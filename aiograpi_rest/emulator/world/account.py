"""The account owner's side: profile edits, privacy, password, e-mail and phone confirmations,
password resets, notification settings, and what the owner has already seen (activity, timeline).

State about pairs of users lives in `social`; this module holds what belongs to one account.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.world.ids import Ids
from aiograpi_rest.emulator.world.media import Media
from aiograpi_rest.emulator.world.outbox import Outbox
from aiograpi_rest.emulator.world.social import Social
from aiograpi_rest.emulator.world.users import User, Users

# Instagram's values for `notifications/change_notification_settings/`.
MUTE_ALL_VALUES = ("cancel", "15_minutes", "1_hour", "2_hour", "4_hour", "8_hour")
SETTING_VALUES = ("off", "following_only", "everyone")
BIOGRAPHY_MAX = 150
USERNAME = re.compile(r"^[A-Za-z0-9._]{1,30}$")


@dataclass
class PasswordReset:
    user_pk: str
    identifier: str
    sent_to: str  # "email" or "phone"
    at: float = field(default_factory=time.time)


@dataclass
class Seen:
    """What one account has seen: its activity inbox up to a tick, its timeline up to a post."""

    inbox_tick: int = 0
    timeline_newest: tuple[int, int] = (0, 0)  # (taken_at, pk) of the newest post it was shown


class Accounts:
    def __init__(self, ids: Ids, users: Users, social: Social, outbox: Outbox) -> None:
        self._ids = ids
        self._users = users
        self._social = social
        self._outbox = outbox
        self.notification_settings: dict[str, dict[str, str]] = {}  # user_pk → content_type → value
        self.confirmed_emails: set[tuple[str, str]] = set()
        self.password_resets: list[PasswordReset] = []
        self.seen: dict[str, Seen] = {}
        # Activity is derived from the world; each event is stamped when the inbox first shows it.
        self._ticks = itertools.count(1)
        self.first_shown: dict[str, tuple[int, float]] = {}  # event key → (tick, time)

    # profile
    def edit_profile(self, user: User, fields: dict[str, str]) -> None:
        """`accounts/edit_profile/`: the app sends every field, changed or not."""
        username = fields.get("username") or user.username
        if not USERNAME.match(username):
            raise errors.fail(400, "Usernames can only use letters, numbers, underscores and periods.")
        taken = self._users.find(username)
        if taken is not None and taken.pk != user.pk:
            raise errors.fail(
                400, f"A user with the username {username} exists.", error_type="username_is_taken"
            )
        if username != user.username:
            self._users.rename(user, username)
        user.full_name = fields.get("first_name", user.full_name)
        self.set_biography(user, fields.get("biography", user.biography))
        user.email = fields.get("email", user.email)
        user.phone_number = fields.get("phone_number", user.phone_number)
        if fields.get("external_url", user.external_url) != user.external_url:
            user.set_external_url(fields["external_url"])

    def set_biography(self, user: User, text: str) -> None:
        if len(text) > BIOGRAPHY_MAX:
            raise errors.fail(400, f"Your bio can't be longer than {BIOGRAPHY_MAX} characters.")
        user.biography = text

    def set_private(self, user: User, private: bool) -> None:
        """Going public lets everyone who asked to follow in, as Instagram does."""
        user.is_private = private
        if not private:
            for _, requester in self._social.request_edges(user.pk):
                self._social.approve(requester, user.pk)

    def change_password(self, user: User, old: str | None, new: str | None) -> None:
        if old != user.password:
            raise errors.bad_password()
        if not new or len(new) < 6:
            raise errors.fail(
                400, "Create a password at least 6 characters long.", error_type="invalid_password"
            )
        user.password = new

    def change_picture(self, user: User, upload_id: str) -> None:
        user.profile_pic_id = f"pic{upload_id}"

    # confirmations
    def send_code(self, kind: str, user: User, to: str) -> str:
        """A six-digit confirmation code, "sent" to an e-mail address or phone number."""
        code = f"{self._ids.rng.randint(0, 999_999):06d}"
        self._outbox.send(kind, user.pk, to, code)
        return code

    def confirm_email(self, user: User, email: str, code: str) -> None:
        # Only the newest code sent to that address counts, and only once.
        sent = self._outbox.latest("email_confirmation", user.pk, email)
        if not code or sent is None or sent.used or sent.code != code:
            raise errors.fail(
                400,
                "That code isn't valid. You can request a new one.",
                error_type="invalid_verification_code",
            )
        sent.used = True
        user.email = email
        self.confirmed_emails.add((user.pk, email.lower()))

    def request_password_reset(self, identifier: str) -> PasswordReset:
        """By username, e-mail or phone number, as the login screen's "Forgot password?" takes it."""
        wanted = identifier.strip().lstrip("@").lower()
        for user in self._users if wanted else ():
            if wanted in (user.username.lower(), user.email.lower(), user.phone_number):
                sent_to = "email" if user.email else "phone"
                reset = PasswordReset(user.pk, identifier, sent_to)
                self.password_resets.append(reset)
                # Instagram sends a link, not a code: the notice shows where it went.
                self._outbox.send(
                    "password_reset", user.pk, user.email if sent_to == "email" else user.phone_number, None
                )
                return reset
        raise errors.fail(404, "No users found", error_type="no_user_found")

    # notifications
    def set_notification(self, user_pk: str, content_type: str, value: str) -> None:
        allowed = MUTE_ALL_VALUES if content_type == "mute_all" else SETTING_VALUES
        if not content_type or value not in allowed:
            raise errors.fail(400, f"Invalid setting_value {value!r} for {content_type!r}")
        self.notification_settings.setdefault(user_pk, {})[content_type] = value

    def seen_by(self, user_pk: str) -> Seen:
        return self.seen.setdefault(user_pk, Seen())

    def stamp(self, key: str) -> tuple[int, float]:
        """(tick, time) an activity event was first shown; the tick orders it against inbox checks."""
        if key not in self.first_shown:
            self.first_shown[key] = (next(self._ticks), time.time())
        return self.first_shown[key]

    def saw_timeline(self, user_pk: str, first_page: list[Media]) -> None:
        """The timeline's first page was shown: what is newer than its newest post is new."""
        if first_page:
            self.seen_by(user_pk).timeline_newest = max((m.taken_at, int(m.pk)) for m in first_page)

    def mark_inbox_seen(self, user_pk: str) -> None:
        self.seen_by(user_pk).inbox_tick = next(self._ticks)
