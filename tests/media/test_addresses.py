"""The address rules as a pure function: no lookup, no connection."""

from __future__ import annotations

import ipaddress

import pytest

from aiograpi_rest.errors import ApiError
from aiograpi_rest.media.addresses import AllowList, address_refusal, literal_address, refusal
from aiograpi_rest.media.cdn import cdn_url

REFUSED = {
    "127.0.0.1": "loopback",
    "127.255.0.9": "loopback",
    "10.1.2.3": "private",
    "172.16.0.1": "private",
    "172.31.255.255": "private",
    "192.168.1.1": "private",
    "169.254.169.254": "the cloud metadata service",
    "169.254.1.1": "link-local",
    "100.64.0.1": "carrier-grade NAT",
    "100.127.255.254": "carrier-grade NAT",
    "0.0.0.0": "unspecified",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "192.0.2.10": "documentation",
    "198.18.0.1": "benchmarking",
    "::1": "loopback",
    "::": "unspecified",
    "fc00::1": "unique local",
    "fd12:3456::1": "unique local",
    "fe80::1": "link-local",
    "ff02::1": "multicast",
    "2001:db8::1": "documentation",
    "2001:0:4136:e378::1": "Teredo",
    "::ffff:127.0.0.1": "loopback (127.0.0.1 in IPv4-mapped form)",
    "::ffff:169.254.169.254": "metadata",
    "::ffff:10.0.0.1": "private",
    "::127.0.0.1": "IPv4-compatible",
    "64:ff9b::a00:1": "private (10.0.0.1 in NAT64 form)",
    "2002:7f00:1::": "loopback (127.0.0.1 in 6to4 form)",
    "2002:c0a8:101::1": "private (192.168.1.1 in 6to4 form)",
}
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "100.128.0.1",
    "172.32.0.1",
    "157.240.1.35",
    "2a03:2880:f10c::1",
    "::ffff:8.8.8.8",
    "2002:808:808::1",
]


@pytest.mark.parametrize(("address", "reason"), REFUSED.items())
def test_refused_addresses_say_why(address: str, reason: str) -> None:
    why = refusal(ipaddress.ip_address(address))
    assert why is not None and reason in why, (address, why)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("[::1]", "::1"),
        ("[::ffff:7f00:1]", "::ffff:127.0.0.1"),
        ("169.254.43518", "169.254.169.254"),
    ],
)
def test_every_spelling_of_an_address_is_read_as_that_address(host: str, address: str) -> None:
    found = literal_address(host)
    assert found == ipaddress.ip_address(address)
    assert refusal(found) is not None


@pytest.mark.parametrize("host", ["example.com", "08.1", "1.2.3.4.5", "256.1.1.1", "0x"])
def test_names_are_not_addresses(host: str) -> None:
    assert literal_address(host) is None


def test_the_allow_list_is_the_one_way_past_the_rules() -> None:
    allow = AllowList.parse("127.0.0.1, 10.1.0.0/16, Media.Internal., [::1]")
    loopback = ipaddress.ip_address("127.0.0.1")
    assert address_refusal("127.0.0.1", loopback, allow) is None
    assert address_refusal("x.test", ipaddress.ip_address("10.1.200.3"), allow) is None
    assert address_refusal("media.internal", ipaddress.ip_address("192.168.0.5"), allow) is None
    assert address_refusal("x.test", ipaddress.ip_address("::1"), allow) is None
    assert "loopback" in (address_refusal("x.test", ipaddress.ip_address("127.0.0.2"), allow) or "")
    assert "private" in (address_refusal("x.test", ipaddress.ip_address("10.2.0.1"), allow) or "")
    assert address_refusal("127.0.0.1", loopback, AllowList.parse("")) == "127.0.0.1 is 127.0.0.1, loopback"


@pytest.mark.parametrize(
    "url",
    [
        "https://scontent-arn2-1.cdninstagram.com/v/t51.2885-15/1_n.jpg?stp=dst&_nc_ht=x",
        "https://instagram.fxyz1-1.fna.fbcdn.net/o1/v/t16/f2/m86/AQN.mp4?efg=1",
        "  https://cdninstagram.com/a.webp  ",
    ],
)
def test_instagram_cdn_urls_pass(url: str) -> None:
    assert cdn_url("url", url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "http://scontent.cdninstagram.com/a.jpg",
        "https://cdninstagram.com.evil.test/a.jpg",
        "https://evilcdninstagram.com/a.jpg",
        "https://user@scontent.cdninstagram.com/a.jpg",
        "https://127.0.0.1/a.jpg",
        "https://scontent.cdninstagram.com/",
        "https://scontent.cdninstagram.com/v/noname",
        # aiograpi reads the path as urlparse does: `;…` in the last segment is params, no name.
        "https://cdninstagram.com/x/;~.rtAm#f",
        "https://cdninstagram.com/x/a;b.jpg",
        "file:///etc/passwd",
        "https://scontent.cdninstagram.com:x/a.jpg",
    ],
)
def test_other_urls_are_not_cdn_urls(url: str) -> None:
    with pytest.raises(ApiError) as refused:
        cdn_url("url", url)
    assert refused.value.status == 422 and refused.value.detail.startswith("url: ")
