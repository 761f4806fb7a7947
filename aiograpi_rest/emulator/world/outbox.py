"""What the emulator "sent" by e-mail or SMS: confirmation codes, login codes, reset notices.

Instagram delivers these to an inbox or a phone the sandbox user does not have; the control API
(`GET /__emulator/codes`) shows them instead, so every flow that waits for a code can finish.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

# kind → how it reaches the user
KINDS = {
    "email_confirmation": "email",
    "phone_confirmation": "sms",
    "password_reset": "email or sms",
    "two_factor_sms": "sms",
    "challenge_email": "email",
}


@dataclass
class Message:
    id: int
    kind: str
    user_pk: str
    to: str  # e-mail address or phone number
    code: str | None  # None: a notice with a link, no code to type
    sent_at: float = field(default_factory=time.time)
    used: bool = False

    def to_json(self, username: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "username": username,
            "to": self.to,
            "code": self.code,
            "sent_at": self.sent_at,
            "used": self.used,
        }


class Outbox(list[Message]):
    def send(self, kind: str, user_pk: str, to: str, code: str | None) -> Message:
        if kind not in KINDS:
            raise ValueError(f"unknown message kind {kind!r}")
        message = Message(len(self) + 1, kind, user_pk, to, code)
        self.append(message)
        return message

    def latest(self, kind: str, user_pk: str, to: str) -> Message | None:
        """The newest message of that kind sent to that user at that address."""
        for message in reversed(self):
            if (message.kind, message.user_pk) == (kind, user_pk) and message.to.lower() == to.lower():
                return message
        return None

    def used(self, kind: str, user_pk: str, code: str) -> None:
        """The code was accepted: the messages of that kind that carried it are spent."""
        for message in self:
            if (message.kind, message.user_pk, message.code) == (kind, user_pk, code):
                message.used = True
