"""Which addresses a server-side fetch may connect to: pure functions, no network.

A caller-given URL must not reach the gateway's own machine, its private network or a cloud
metadata service. Every address a host resolves to is classified here; `AIOGRAPI_REST_FETCH_ALLOW`
(hosts or CIDRs, an `AllowList`) is the one way to allow an address these rules refuse.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_v4 = ipaddress.IPv4Network
_v6 = ipaddress.IPv6Network

# Most specific first: the first match names the refusal.
REFUSED: tuple[tuple[IPNetwork, str], ...] = (
    (_v4("169.254.169.254/32"), "the cloud metadata service"),
    (_v4("0.0.0.0/8"), "unspecified ('this network')"),
    (_v4("10.0.0.0/8"), "private"),
    (_v4("100.64.0.0/10"), "carrier-grade NAT (shared)"),
    (_v4("127.0.0.0/8"), "loopback"),
    (_v4("169.254.0.0/16"), "link-local"),
    (_v4("172.16.0.0/12"), "private"),
    (_v4("192.0.0.0/24"), "reserved (IETF protocol assignments)"),
    (_v4("192.0.2.0/24"), "reserved (documentation)"),
    (_v4("192.88.99.0/24"), "reserved (6to4 relay)"),
    (_v4("192.168.0.0/16"), "private"),
    (_v4("198.18.0.0/15"), "reserved (benchmarking)"),
    (_v4("198.51.100.0/24"), "reserved (documentation)"),
    (_v4("203.0.113.0/24"), "reserved (documentation)"),
    (_v4("224.0.0.0/4"), "multicast"),
    (_v4("240.0.0.0/4"), "reserved"),  # includes the broadcast address 255.255.255.255
    (_v6("::/128"), "unspecified"),
    (_v6("::1/128"), "loopback"),
    (_v6("64:ff9b:1::/48"), "local-use NAT64"),
    (_v6("100::/64"), "reserved (discard)"),
    (_v6("2001::/32"), "a Teredo tunnel"),
    (_v6("2001::/23"), "reserved (IETF protocol assignments)"),
    (_v6("2001:db8::/32"), "reserved (documentation)"),
    (_v6("fc00::/7"), "unique local (IPv6 private)"),
    (_v6("fe80::/10"), "link-local"),
    (_v6("fec0::/10"), "site-local (deprecated)"),
    (_v6("ff00::/8"), "multicast"),
)

# IPv6 forms that carry an IPv4 address a dual-stack host or a translator may connect to; the
# IPv4 address inside is what gets classified.
EMBEDDED_V4: tuple[tuple[IPNetwork, str], ...] = (
    (_v6("::ffff:0:0/96"), "IPv4-mapped"),
    (_v6("::ffff:0:0:0/96"), "IPv4-translated"),
    (_v6("64:ff9b::/96"), "NAT64"),
    (_v6("::/96"), "IPv4-compatible"),
)
SIX_TO_FOUR = _v6("2002::/16")

# inet_aton's forms, which resolvers accept as addresses: 1 to 4 parts, each decimal, octal
# (leading 0) or hex (0x); the last part fills the remaining bytes. `2130706433`, `0x7f.1` and
# `127.1` are all 127.0.0.1.
_PART = re.compile(r"^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$")


def _loose_ipv4(host: str) -> ipaddress.IPv4Address | None:
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_PART.match(p) for p in parts):
        return None
    values = [
        int(p, 16) if p[:2].lower() == "0x" else int(p, 8) if p.startswith("0") else int(p) for p in parts
    ]
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = last
    for i, v in enumerate(head):
        number += v << (8 * (3 - i))
    return ipaddress.IPv4Address(number)


def literal_address(host: str) -> IPAddress | None:
    """The address a URL's host spells directly (in any form a resolver accepts), or None for a name."""
    host = host.strip().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return _loose_ipv4(host)


def _embedded_v4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    if address in SIX_TO_FOUR:
        return ipaddress.IPv4Address((int(address) >> 80) & 0xFFFFFFFF), "6to4"
    for network, form in EMBEDDED_V4:
        if address in network:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF), form
    return None


def refusal(address: IPAddress) -> str | None:
    """Why a fetch may not connect to `address` (e.g. "loopback"), or None when it may."""
    for network, reason in REFUSED:
        if address.version == network.version and address in network:
            return reason
    if isinstance(address, ipaddress.IPv6Address) and (inner := _embedded_v4(address)):
        v4, form = inner
        why = refusal(v4)
        return f"{why} ({v4} in {form} form)" if why else None
    return None


def is_local_name(host: str) -> bool:
    """`localhost` and its subdomains (RFC 6761): refused before any lookup."""
    name = host.strip().rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


@dataclass(frozen=True)
class AllowList:
    """Hosts and networks a fetch may reach although the rules refuse them."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, text: str) -> AllowList:
        """From `AIOGRAPI_REST_FETCH_ALLOW`: comma-separated host names, addresses or CIDRs."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (e.strip() for e in text.split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(entry.rstrip(".").lower())
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: IPAddress) -> bool:
        if host.strip().rstrip(".").lower() in self.hosts:
            return True
        return any(address.version == n.version and address in n for n in self.networks)

    def allows_host(self, host: str) -> bool:
        return host.strip().rstrip(".").lower() in self.hosts


def address_refusal(host: str, address: IPAddress, allow: AllowList) -> str | None:
    """Why `host`, resolved to `address`, may not be fetched (None: it may)."""
    if allow.allows(host, address):
        return None
    why = refusal(address)
    return f"{host} is {address}, {why}" if why else None
