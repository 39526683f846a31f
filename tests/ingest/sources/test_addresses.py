"""Which addresses a fetch may reach: every address that is not public is refused before connecting."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from ingest.sources.addresses import address_kind, parse_address, refused_addresses, resolve
from ingest.sources.http import Fetcher, FetchPolicy

NOT_PUBLIC = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.5", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("fd00::1", "private"),
    ("169.254.169.254", "link-local"),  # cloud metadata
    ("fe80::1", "link-local"),
    ("100.64.0.1", "shared (carrier-grade NAT)"),
    ("100.100.100.200", "shared (carrier-grade NAT)"),  # cloud metadata
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("0.1.2.3", "private"),  # 0.0.0.0/8, "this network"
    ("224.0.0.1", "multicast"),
    ("239.1.1.1", "multicast"),
    ("ff0e::1", "multicast"),
    ("255.255.255.255", "private"),
    ("192.0.0.8", "reserved"),
    ("198.18.0.1", "private"),
    ("240.0.0.1", "private"),
    ("192.0.2.1", "private"),
    ("2001:db8::1", "private"),
    ("fec0::1", "reserved"),
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
    ("::ffff:10.0.0.5", "private"),
    ("::ffff:169.254.169.254", "link-local"),
    ("::ffff:100.100.100.200", "shared (carrier-grade NAT)"),
    ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
    ("2002:a00:5::1", "private"),  # 6to4 of 10.0.0.5
    ("2002:a9fe:a9fe::", "link-local"),  # 6to4 of 169.254.169.254
    ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
    ("64:ff9b::a00:5", "private"),  # NAT64 of 10.0.0.5
    ("64:ff9b::a9fe:a9fe", "link-local"),
    ("64:ff9b:1::1", "reserved"),  # local-use NAT64
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "private"),  # Teredo
    ("::127.0.0.1", "reserved"),  # IPv4-compatible (deprecated)
]

PUBLIC = [
    "93.184.215.14",
    "8.8.8.8",
    "2606:4700::1111",
    "::ffff:8.8.8.8",
    "2002:808:808::1",
    "64:ff9b::808:808",
]


@pytest.mark.parametrize(("address", "kind"), NOT_PUBLIC)
def test_addresses_that_are_not_public_have_their_kind(address: str, kind: str) -> None:
    assert address_kind(parse_address(address)) == kind


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_let_through(address: str) -> None:
    assert address_kind(parse_address(address)) == "public"
    assert refused_addresses([address], allow_loopback=False, allow_private=False) == []


def test_an_ipv6_zone_is_dropped_before_the_check() -> None:
    assert refused_addresses(["fe80::1%eth0"], allow_loopback=False, allow_private=False) == [
        ("fe80::1%eth0", "link-local")
    ]


@pytest.mark.parametrize(("address", "kind"), NOT_PUBLIC)
def test_a_fetch_is_refused_before_connecting(address: str, kind: str) -> None:
    """The resolver answers the address; the refusal comes before any connection is made."""
    fetcher = Fetcher(FetchPolicy(timeout_s=2.0), resolver=lambda host, port: [address])
    with pytest.raises(InputError, match=r"refused: news\.test is not a public address") as refused:
        fetcher.get("http://news.test/page")
    assert f"({address}: {kind})" in str(refused.value)


@pytest.mark.parametrize(("address", "kind"), [(a, k) for a, k in NOT_PUBLIC if k != "loopback"])
def test_allowing_loopback_still_refuses_every_other_kind(address: str, kind: str) -> None:
    fetcher = Fetcher(FetchPolicy(timeout_s=2.0, allow_loopback=True), resolver=lambda host, port: [address])
    with pytest.raises(InputError, match="refused"):
        fetcher.get("http://news.test/page")


def test_one_refused_address_among_public_ones_refuses_the_host() -> None:
    fetcher = Fetcher(FetchPolicy(timeout_s=2.0), resolver=lambda host, port: ["8.8.8.8", "10.0.0.5"])
    with pytest.raises(InputError, match=r"\(10\.0\.0\.5: private\)"):
        fetcher.get("http://news.test/page")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://0x7f.1/",
        "http://[::ffff:7f00:1]/",
        "http://localhost/",
    ],
)
def test_ip_literals_in_any_spelling_are_checked_after_resolution(url: str) -> None:
    with pytest.raises(InputError, match="refused"):
        Fetcher(FetchPolicy(timeout_s=2.0)).get(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.org/x", "only http and https"),
        ("gopher://127.0.0.1:70/", "only http and https"),
        ("http:///nohost", "no host|not a valid URL"),
        ("http://example.org:99999/", "not a valid URL"),
        ("http://[::1/", "not a valid URL"),
    ],
)
def test_urls_that_cannot_be_fetched_are_one_error(url: str, message: str) -> None:
    def never(host: str, port: int) -> list[str]:
        raise AssertionError(f"{url} was resolved")

    with pytest.raises(InputError, match=message):
        Fetcher(FetchPolicy(timeout_s=2.0), resolver=never).get(url)


def test_a_name_that_does_not_resolve_is_one_error() -> None:
    def nowhere(host: str, port: int) -> list[str]:
        raise OSError(-2, "Name or service not known")

    with pytest.raises(InputError, match=r"cannot resolve news\.test \(Name or service not known\)"):
        Fetcher(FetchPolicy(timeout_s=2.0), resolver=nowhere).get("http://news.test/")


@pytest.mark.parametrize(
    ("text", "address"), [("fe80::1%eth0", "fe80::1"), ("fe80::2%en0%x", "fe80::2"), ("10.0.0.5", "10.0.0.5")]
)
def test_an_address_is_read_without_its_zone(text: str, address: str) -> None:
    assert str(parse_address(text)) == address


def test_a_resolver_answer_that_is_no_address_is_refused_as_such() -> None:
    assert refused_addresses(["example.org"], allow_loopback=True, allow_private=False) == [
        ("example.org", "not an IP address")
    ]


def test_the_system_resolver_answers_the_name_asked_once_each() -> None:
    assert resolve("127.0.0.2", 80) == ["127.0.0.2"]
