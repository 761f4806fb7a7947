"""The follow graph and every per-pair relation: requests, close friends, mutes, blocks, notifications."""

from __future__ import annotations

from collections.abc import Callable

from aiograpi_rest.emulator.world.paging import page

NOTIFICATION_KINDS = ("posts", "stories", "reels", "videos")


class Social:
    def __init__(self, seq: Callable[[], int]) -> None:
        self._seq = seq
        self.follows: dict[tuple[str, str], int] = {}  # (follower, followee) → seq
        self.requests: dict[tuple[str, str], int] = {}  # (requester, private target) → seq
        self.close_friends: dict[str, set[str]] = {}
        self.mutes: dict[tuple[str, str], set[str]] = {}  # (viewer, target) → {"posts", "stories"}
        self.blocks: set[tuple[str, str]] = set()  # (blocker, blocked)
        self.notifications: dict[tuple[str, str], set[str]] = {}  # (viewer, target) → kinds

    # follow graph
    def is_following(self, follower: str, followee: str) -> bool:
        return (follower, followee) in self.follows

    def follow(self, follower: str, followee: str, *, target_private: bool = False) -> str:
        """Follow or, for a private target, request to; answers "following" or "requested"."""
        if self.is_following(follower, followee):
            return "following"
        if target_private:
            self.requests.setdefault((follower, followee), self._seq())
            return "requested"
        self.follows[(follower, followee)] = self._seq()
        return "following"

    def unfollow(self, follower: str, followee: str) -> None:
        self.follows.pop((follower, followee), None)
        self.requests.pop((follower, followee), None)

    def approve(self, requester: str, target: str) -> bool:
        if self.requests.pop((requester, target), None) is None:
            return False
        self.follows[(requester, target)] = self._seq()
        return True

    def decline(self, requester: str, target: str) -> bool:
        return self.requests.pop((requester, target), None) is not None

    def block(self, blocker: str, blocked: str) -> None:
        self.blocks.add((blocker, blocked))
        for a, b in ((blocker, blocked), (blocked, blocker)):
            self.unfollow(a, b)

    def unblock(self, blocker: str, blocked: str) -> None:
        self.blocks.discard((blocker, blocked))

    def is_blocked_between(self, a: str, b: str) -> bool:
        return (a, b) in self.blocks or (b, a) in self.blocks

    # edges, newest first
    def follower_edges(self, pk: str) -> list[tuple[int, str]]:
        return sorted(((s, a) for (a, b), s in self.follows.items() if b == pk), reverse=True)

    def following_edges(self, pk: str) -> list[tuple[int, str]]:
        return sorted(((s, b) for (a, b), s in self.follows.items() if a == pk), reverse=True)

    def request_edges(self, pk: str) -> list[tuple[int, str]]:
        return sorted(((s, a) for (a, b), s in self.requests.items() if b == pk), reverse=True)

    def followers(self, pk: str, max_id: str | None = None, count: int = 200) -> tuple[list[str], str | None]:
        return page(self.follower_edges(pk), max_id, count)

    def following(self, pk: str, max_id: str | None = None, count: int = 200) -> tuple[list[str], str | None]:
        return page(self.following_edges(pk), max_id, count)

    def follower_count(self, pk: str) -> int:
        return sum(1 for (_, b) in self.follows if b == pk)

    def following_count(self, pk: str) -> int:
        return sum(1 for (a, _) in self.follows if a == pk)

    # per-pair flags
    def set_close_friend(self, owner: str, friend: str, on: bool = True) -> None:
        friends = self.close_friends.setdefault(owner, set())
        (friends.add if on else friends.discard)(friend)

    def is_close_friend(self, owner: str, friend: str) -> bool:
        return friend in self.close_friends.get(owner, set())

    def set_mute(self, viewer: str, target: str, what: str, on: bool = True) -> None:
        muted = self.mutes.setdefault((viewer, target), set())
        (muted.add if on else muted.discard)(what)

    def is_muted(self, viewer: str, target: str, what: str) -> bool:
        return what in self.mutes.get((viewer, target), set())

    def set_notification(self, viewer: str, target: str, kind: str, on: bool = True) -> None:
        if kind not in NOTIFICATION_KINDS:
            raise ValueError(kind)
        kinds = self.notifications.setdefault((viewer, target), set())
        (kinds.add if on else kinds.discard)(kind)

    def notifications_for(self, viewer: str, target: str) -> set[str]:
        return set(self.notifications.get((viewer, target), set()))
