"""Which network addresses a fetch may connect to, and how host names are resolved.

Only public (globally routed, unicast) addresses are fetched by default. An IPv6 address that carries an
IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4 ``2002::/16``, NAT64 ``64:ff9b::/96``) is judged by
the IPv4 address it reaches.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
"""Resolves ``(host, port)`` to the addresses to connect to (text), best first."""

PUBLIC = "public"
LOOPBACK = "loopback"

_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT; also cloud metadata (100.100.100.200)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Not global, though ``is_global`` says so on Python 3.11: IETF protocol assignments, local-use NAT64,
# the deprecated site-local and IPv4-compatible ranges.
_ALSO_NOT_GLOBAL = tuple(
    ipaddress.ip_network(net) for net in ("192.0.0.0/24", "64:ff9b:1::/48", "fec0::/10", "::/96")
)


def resolve(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host`` (each once, in its order).

    Raises :class:`OSError` (``socket.gaierror``) when the name does not resolve.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_kind(address: Address) -> str:
    """``"public"`` for an address a fetch may reach, else what kind of address it is (``"loopback"``,
    ``"private"``, ``"link-local"``...)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return address_kind(embedded)
    if address.is_multicast:
        return "multicast"
    if address.is_loopback:
        return LOOPBACK
    if address.is_unspecified:
        return "unspecified"
    if address.is_link_local:
        return "link-local"
    if address in _SHARED:
        return "shared (carrier-grade NAT)"
    if address.is_private:
        return "private"
    if not address.is_global or any(address in net for net in _ALSO_NOT_GLOBAL):
        return "reserved"
    return PUBLIC


def parse_address(text: str) -> Address:
    """An address as a resolver gives it (an IPv6 zone such as ``%eth0`` is dropped).

    Raises :class:`ValueError` for text that is not an IP address.
    """
    return ipaddress.ip_address(text.split("%", 1)[0])


def refused_addresses(
    addresses: Sequence[str], *, allow_loopback: bool, allow_private: bool
) -> list[tuple[str, str]]:
    """The addresses a fetch may not reach, each with its kind; empty when all may be reached.

    ``allow_private`` lets every address through; ``allow_loopback`` only the loopback ones.
    """
    if allow_private:
        return []
    refused = []
    for text in addresses:
        try:
            kind = address_kind(parse_address(text))
        except ValueError:
            kind = "not an IP address"
        if kind != PUBLIC and not (kind == LOOPBACK and allow_loopback):
            refused.append((text, kind))
    return refused
