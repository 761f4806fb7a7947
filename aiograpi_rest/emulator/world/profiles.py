"""What a profile shows besides posts: "About this account", featured accounts, guides, fundraisers,
and the business categories Instagram recommends similar accounts by."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiograpi_rest.emulator.world.ids import Ids

# Instagram's ids for the categories the seed uses; a personal account has none.
CATEGORY_IDS = {"Creator": "2700", "Shopping & retail": "1701", "Travel company": "2222"}


@dataclass
class About:
    country: str = ""
    joined: str = ""  # as the app shows it: "March 2015"
    former_usernames: list[str] = field(default_factory=list)


@dataclass
class Guide:
    id: str
    owner_pk: str
    title: str
    description: str
    media_pks: list[str]
    created_at: int


@dataclass
class Fundraiser:
    id: str
    owner_pk: str
    title: str
    description: str
    goal_cents: int
    raised_cents: int
    end_time: int
    currency: str = "USD"


class Profiles:
    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self.about: dict[str, About] = {}  # user_pk → about; absent: nothing shown but verification
        self.featured: dict[str, list[str]] = {}  # user_pk → the accounts it features, in order
        self.guides: dict[str, Guide] = {}
        self.fundraisers: dict[str, Fundraiser] = {}  # user_pk → its running fundraiser

    def about_of(self, user_pk: str) -> About:
        return self.about.get(user_pk) or About()

    def add_guide(
        self, owner_pk: str, title: str, description: str, media_pks: list[str], created_at: int
    ) -> Guide:
        guide = Guide(self._ids.next("guide"), owner_pk, title, description, list(media_pks), created_at)
        self.guides[guide.id] = guide
        return guide

    def guides_of(self, owner_pk: str) -> list[Guide]:
        """Newest first, as the profile's guides tab lists them."""
        return sorted(
            (g for g in self.guides.values() if g.owner_pk == owner_pk), key=lambda g: -g.created_at
        )

    def start_fundraiser(self, owner_pk: str, title: str, description: str, **fields) -> Fundraiser:
        fundraiser = Fundraiser(self._ids.next("fundraiser"), owner_pk, title, description, **fields)
        self.fundraisers[owner_pk] = fundraiser
        return fundraiser


def category_id(category: str) -> str | None:
    return CATEGORY_IDS.get(category)
