"""Accounts: profile fields, credentials and the two-factor / challenge settings of each user."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiograpi_rest.emulator.errors import user_not_found

CDN_BASE = "https://scontent.cdninstagram.com"


@dataclass
class BioLink:
    link_id: str
    url: str
    title: str = ""
    link_type: str = "external"


@dataclass
class User:
    pk: str
    username: str
    full_name: str
    password: str = ""
    biography: str = ""
    external_url: str = ""
    is_private: bool = False
    is_verified: bool = False
    account_type: int = 1  # 1 personal, 2 business, 3 creator
    category: str = ""
    email: str = ""
    phone_number: str = ""
    public_email: str = ""
    public_phone_number: str = ""
    gender: int = 3
    birthday: str = ""
    # Two-factor: an SMS code the emulator "sends", and a TOTP seed (pyotp) when enabled.
    sms_two_factor_code: str | None = None
    totp_seed: str | None = None
    # A login from an unknown device must pass an email challenge with this code.
    challenge_code: str | None = None
    pinned_media_pks: list[str] = field(default_factory=list)
    pinned_clip_pks: list[str] = field(default_factory=list)  # the reels tab's own pins
    # The profile's links; `external_url` is always the first one's URL (Instagram shows that one).
    bio_links: list[BioLink] = field(default_factory=list)
    bio_link_seq: int = 0
    profile_pic_id: str = ""  # set by a picture change, so the picture's URL changes too

    def __post_init__(self) -> None:
        if self.external_url and not self.bio_links:
            self.set_external_url(self.external_url)

    def set_external_url(self, url: str) -> None:
        """`update_bio_links` with one external link: it replaces every link; empty removes them all."""
        self.bio_links = []
        if url:
            self.bio_link_seq += 1
            self.bio_links.append(BioLink(f"{self.pk}{self.bio_link_seq:04d}", url))
        self.external_url = url

    def remove_bio_links(self, link_ids: list[str]) -> None:
        """Ids the profile does not have are ignored, as removing them again changes nothing."""
        gone = set(link_ids)
        self.bio_links = [link for link in self.bio_links if link.link_id not in gone]
        self.external_url = self.bio_links[0].url if self.bio_links else ""

    @property
    def is_business(self) -> bool:
        return self.account_type in (2, 3)

    @property
    def two_factor_enabled(self) -> bool:
        return bool(self.sms_two_factor_code or self.totp_seed)

    @property
    def profile_pic_url(self) -> str:
        return f"{CDN_BASE}/v/t51.2885-19/{self.pk}_{self.profile_pic_id or 'profile'}.jpg"


class Users:
    def __init__(self) -> None:
        self.by_pk: dict[str, User] = {}
        self._by_name: dict[str, str] = {}

    def add(self, user: User) -> User:
        self.by_pk[user.pk] = user
        self._by_name[user.username.lower()] = user.pk
        return user

    def get(self, pk: str | int) -> User:
        user = self.by_pk.get(str(pk))
        if user is None:
            raise user_not_found()
        return user

    def find(self, username: str) -> User | None:
        pk = self._by_name.get(username.lower())
        return self.by_pk[pk] if pk else None

    def by_username(self, username: str) -> User:
        user = self.find(username)
        if user is None:
            raise user_not_found()
        return user

    def rename(self, user: User, username: str) -> None:
        self._by_name.pop(user.username.lower(), None)
        user.username = username
        self._by_name[username.lower()] = user.pk

    def __iter__(self):
        return iter(self.by_pk.values())

    def __len__(self) -> int:
        return len(self.by_pk)
