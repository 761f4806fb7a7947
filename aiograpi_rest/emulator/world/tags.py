"""Hashtags, locations and music tracks; media point at them by name or pk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from aiograpi_rest.emulator.errors import fail
from aiograpi_rest.emulator.world.ids import Ids


@dataclass
class Hashtag:
    id: str
    name: str
    followers: set[str] = field(default_factory=set)


@dataclass
class Location:
    pk: str
    name: str
    address: str = ""
    city: str = ""
    lat: float = 0.0
    lng: float = 0.0
    category: str = ""
    external_id: int | None = None


@dataclass
class Track:
    id: str
    title: str
    display_artist: str
    audio_cluster_id: str
    duration_in_ms: int = 30_000
    is_explicit: bool = False
    bookmarked_by: set[str] = field(default_factory=set)
    music_canonical_id: str = ""  # the song's id across its releases (`clips/music/` takes either)


class Tags:
    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self.hashtags: dict[str, Hashtag] = {}  # by lower-case name
        self.locations: dict[str, Location] = {}
        self.tracks: dict[str, Track] = {}

    def hashtag(self, name: str, *, create: bool = False) -> Hashtag:
        key = name.lstrip("#").lower()
        tag = self.hashtags.get(key)
        if tag is None:
            if not create:
                raise fail(404, "Hashtag not found")
            tag = self.hashtags[key] = Hashtag(self._ids.next("hashtag"), key)
        return tag

    def known_hashtag(self, name: str, carried: Callable[[str], bool]) -> Hashtag:
        """A hashtag with a page: one seeded or followed, or one a post carries (`carried(name)`)."""
        key = name.lstrip("#").lower()
        if key not in self.hashtags and not carried(key):
            raise fail(404, "Hashtag not found")
        return self.hashtag(key, create=True)

    def follow_hashtag(self, name: str, user_pk: str, on: bool = True) -> Hashtag:
        """Any well-formed name can be followed: Instagram opens a page for it."""
        tag = self.hashtag(name, create=True)
        if on:
            tag.followers.add(user_pk)
        else:
            tag.followers.discard(user_pk)
        return tag

    def add_location(self, name: str, pk: str | None = None, **fields) -> Location:
        """A new place; `pk` fixes its id (a real place's, so documentation examples find it)."""
        location = Location(pk or self._ids.next("location"), name, **fields)
        self.locations[location.pk] = location
        return location

    def location(self, pk: str | int) -> Location:
        location = self.locations.get(str(pk))
        if location is None:
            raise fail(404, "Location not found")
        return location

    def add_track(self, title: str, artist: str, **fields) -> Track:
        track_id = self._ids.next("track")
        track = Track(
            track_id,
            title,
            artist,
            audio_cluster_id=str(int(track_id) + 7),
            music_canonical_id=f"18{track_id}",
            **fields,
        )
        self.tracks[track.id] = track
        return track

    def track(self, track_id: str | int) -> Track:
        track = self.tracks.get(str(track_id)) or next(
            (t for t in self.tracks.values() if t.audio_cluster_id == str(track_id)), None
        )
        if track is None:
            raise fail(404, "Track not found")
        return track

    def track_by_canonical_id(self, music_canonical_id: str | int) -> Track:
        track = next(
            (t for t in self.tracks.values() if t.music_canonical_id == str(music_canonical_id)), None
        )
        if track is None:
            raise fail(404, "Track not found")
        return track
