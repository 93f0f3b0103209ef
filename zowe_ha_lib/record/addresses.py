"""IP addresses and masks as z/OS writes them.

z/OS displays (and many hand-written profiles) print IPv4 octets with leading
zeros, for example ``9.67.240.02``; Python's :mod:`ipaddress` rejects those, so
this module accepts them and normalises to the plain dotted form. Leading zeros
are decimal here, never octal.
"""

from __future__ import annotations

import ipaddress


def parse_ipv4(text: str) -> str:
    """Return the normalised IPv4 address or raise ValueError saying why."""
    if not isinstance(text, str):
        raise ValueError(f"expected an IPv4 address such as 198.51.100.11, got {text!r}")
    parts = text.strip().split(".")
    if len(parts) != 4 or not all(p.isdigit() and p.isascii() and 0 < len(p) <= 3 for p in parts):
        raise ValueError(f"{text!r} is not an IPv4 address (four numbers 0-255 separated by dots)")
    octets = [int(p) for p in parts]
    if any(o > 255 for o in octets):
        raise ValueError(f"{text!r} is not an IPv4 address (each number must be 0-255)")
    return ".".join(str(o) for o in octets)


def parse_ip(text: str) -> tuple[int, str]:
    """Return ``(version, normalised)`` for an IPv4 or IPv6 address."""
    if isinstance(text, str) and ":" in text:
        try:
            return 6, str(ipaddress.IPv6Address(text.strip()))
        except ValueError:
            raise ValueError(f"{text!r} is not an IPv6 address") from None
    return 4, parse_ipv4(text)


def mask_bits(text: str) -> int:
    """Prefix length of an IPv4 mask given as ``255.255.255.0`` or ``/24``.

    Raises ValueError for a mask whose one-bits are not contiguous: z/OS needs
    a subnet mask, and ``255.0.255.0`` is a typing slip, not a design.
    """
    if isinstance(text, str) and text.strip().startswith("/"):
        digits = text.strip()[1:]
        if not digits.isdigit() or not 0 <= int(digits) <= 32:
            raise ValueError(f"{text!r} is not a mask (/0 to /32)")
        return int(digits)
    addr = parse_ipv4(text)
    value = int(ipaddress.IPv4Address(addr))
    bits = bin(value)[2:].zfill(32)
    if "01" in bits:
        raise ValueError(f"{text!r} is not a contiguous subnet mask (ones must come before zeros)")
    return bits.count("1")


def bits_to_mask(bits: int) -> str:
    """``24`` -> ``255.255.255.0``."""
    return str(ipaddress.IPv4Address((0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF if bits else 0))


def normalise_mask(text: str) -> str:
    """Dotted form of an IPv4 mask written either way."""
    return bits_to_mask(mask_bits(text))


def in_subnet(address: str, network_member: str, bits: int) -> bool:
    """True when IPv4 ``address`` lies in the /``bits`` subnet that ``network_member`` belongs to.

    False for anything that is not a plain IPv4 address (a system symbol, IPv6).
    """
    try:
        net = ipaddress.IPv4Network(f"{parse_ipv4(network_member)}/{bits}", strict=False)
        return ipaddress.IPv4Address(parse_ipv4(address)) in net
    except ValueError:
        return False
