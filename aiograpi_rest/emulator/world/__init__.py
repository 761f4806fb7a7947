"""The in-memory Instagram: one object per area, no HTTP anywhere.

Handlers read and change it through typed methods; those raise `errors.UpstreamError` in
Instagram's shape when Instagram would refuse.
"""

from __future__ import annotations

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.world.account import Accounts
from aiograpi_rest.emulator.world.auth import Auth
from aiograpi_rest.emulator.world.direct import Direct
from aiograpi_rest.emulator.world.files import MediaFiles
from aiograpi_rest.emulator.world.highlights import Highlights
from aiograpi_rest.emulator.world.ids import Ids
from aiograpi_rest.emulator.world.live import Live
from aiograpi_rest.emulator.world.media import Media, MediaStore
from aiograpi_rest.emulator.world.notes import Notes
from aiograpi_rest.emulator.world.outbox import Outbox
from aiograpi_rest.emulator.world.profiles import Profiles
from aiograpi_rest.emulator.world.publish import Publisher
from aiograpi_rest.emulator.world.search import RecentSearches
from aiograpi_rest.emulator.world.social import Social
from aiograpi_rest.emulator.world.stories import Stories
from aiograpi_rest.emulator.world.tags import Tags
from aiograpi_rest.emulator.world.uploads import Uploads
from aiograpi_rest.emulator.world.users import User, Users


class World:
    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.ids = Ids(seed)
        self.users = Users()
        self.social = Social(self.ids.seq)
        self.media = MediaStore(self.ids)
        self.stories = Stories(self.ids)
        self.direct = Direct(self.ids)
        self.notes = Notes(self.ids)
        self.tags = Tags(self.ids)
        self.outbox = Outbox()  # codes and notices "sent" by e-mail or SMS
        self.auth = Auth(self.ids, self.users, self.outbox)
        self.account = Accounts(self.ids, self.users, self.social, self.outbox)
        self.uploads = Uploads()
        self.files = MediaFiles()  # the bytes behind the CDN's media URLs
        self.publish = Publisher(self.media, self.uploads, self.files, self.tags, self.users)
        self.live = Live(self.ids)
        self.profiles = Profiles(self.ids)
        self.searches = RecentSearches()
        self.highlights = Highlights(self.stories, self.media, self.uploads, self.files)

    def can_view(self, viewer_pk: str | None, owner: User) -> bool:
        """Whether the viewer may see the owner's posts, followers and stories."""
        if viewer_pk == owner.pk:
            return True
        if viewer_pk and self.social.is_blocked_between(viewer_pk, owner.pk):
            return False
        return not owner.is_private or (
            viewer_pk is not None and self.social.is_following(viewer_pk, owner.pk)
        )

    def visible_user(self, viewer_pk: str | None, pk: str | int) -> User:
        """A user the viewer may look up; someone who blocked the viewer does not exist for them."""
        user = self.users.get(pk)
        if viewer_pk and (user.pk, viewer_pk) in self.social.blocks:
            raise errors.user_not_found()
        return user

    def require_view(self, viewer_pk: str | None, owner: User) -> None:
        if not self.can_view(viewer_pk, owner):
            raise errors.not_authorized(owner.username)

    def visible_media(self, viewer_pk: str | None, media_id: str | int) -> Media:
        media = self.media.get(media_id)
        owner = self.users.get(media.owner_pk)
        if media.archived and viewer_pk != owner.pk:
            raise errors.media_not_found()
        self.require_view(viewer_pk, owner)
        return media


__all__ = ["World"]
