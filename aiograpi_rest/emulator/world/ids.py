"""Deterministic identifiers and the shortcode codec."""

from __future__ import annotations

import random
import string

SHORTCODE_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"

# Where each kind of id starts; real Instagram ids have these magnitudes.
_BASES = {
    "user": 1_000_000_000,
    "media": 3_100_000_000_000_000_000,
    "story": 3_200_000_000_000_000_000,
    "comment": 17_900_000_000_000_000,
    "collection": 17_800_000_000_000_000,
    "highlight": 17_850_000_000_000_000,
    "thread": 340_282_366_841_710_300_949_128_100_000_000_000_000,
    "thread_v2": 17_840_000_000_000_000,
    "message": 30_000_000_000_000_000_000_000_000_000_000_000_000,
    "note": 17_860_000_000_000_000,
    "broadcast": 17_870_000_000_000_000,
    "hashtag": 17_841_500_000_000_000,
    "location": 212_000_000,
    "track": 500_000_000_000_000,
    "guide": 17_880_000_000_000_000,
    "fundraiser": 17_890_000_000_000_000,
    "attachment": 18_000_000_000_000_000,  # Direct video/voice uploads (`attachment_fbid`)
    "follow": 0,
}


class Ids:
    """Sequential digit-string ids per kind, and seeded random tokens."""

    def __init__(self, seed: int) -> None:
        self._counters = dict.fromkeys(_BASES, 0)
        self.rng = random.Random(seed)

    def next(self, kind: str) -> str:
        self._counters[kind] += 1
        return str(_BASES[kind] + self._counters[kind])

    def seq(self) -> int:
        """A strictly increasing number: the paging order of edges (follows, likes, …)."""
        self._counters["follow"] += 1
        return self._counters["follow"]

    def token(self, length: int = 10) -> str:
        return "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(length))


def shortcode(pk: str | int) -> str:
    n = int(pk)
    code = ""
    while n:
        n, r = divmod(n, 64)
        code = SHORTCODE_ALPHABET[r] + code
    return code or "A"


def pk_from_shortcode(code: str) -> str:
    n = 0
    for ch in code:
        n = n * 64 + SHORTCODE_ALPHABET.index(ch)
    return str(n)
