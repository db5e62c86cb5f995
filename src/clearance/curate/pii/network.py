"""IP addresses: dotted-quad IPv4 and IPv6 (compressed forms and embedded IPv4 included).

Only addresses that can point at a person are reported by default: public (globally routable)
ones. Loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local, CGNAT, multicast,
reserved and the documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32)
are configuration, not personal data: redacting ``127.0.0.1`` out of code would damage the code
and protect no one (BigCode's StarCoder PII pass made the same call). ``public_only=False``
reports them all.

Version numbers are the main false positive of dotted quads; a quad is skipped when it has more
than four parts, an octet over 255 or with a leading zero, three single-digit octets if it is
public (``4.3.0.1``; this also skips resolvers such as ``8.8.8.8``, which identify no one), follows
``v``/``version``/``release``/``build``/``section``/``figure``/..., "version ... " or "update ...
to " or a ``Product/`` token (user agents), or is followed by a Debian revision or a suffix
(``2.10.0.18-1``, ``11.2.0.4.v3``, ``-rc1``). A real IP written as ``version 1.2.3.4`` is
missed, on purpose.
"""

from __future__ import annotations

import ipaddress
import re

from clearance.curate.pii.model import PiiKind

IP = PiiKind.IP_ADDRESS.value

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\w|-[A-Za-z0-9])", re.ASCII)
_VERSION_BEFORE = re.compile(
    r"(?:\b(?:v|ver|version|versions|release|rel|rev|revision|build|firmware|fw|update|upgrade|patch|"
    r"section|sect|sec|chapter|ch|figure|fig|table|tab|step|clause|oid|rule)\.?[ \t]*[:=#]?[ \t]*|§[ \t]*"
    r"|[A-Za-z]/|\bversion\b[^\n]{0,20}|\b(?:update[sd]?|upgrade[sd]?|bump(?:ed|s)?)\b[^\n]{0,30}\bto[ \t]+)$",
    re.ASCII | re.IGNORECASE,
)
_HEX_COLON_DOT = re.compile(r"[0-9A-Fa-f:.]{1,45}", re.ASCII)
_IPV6_NEIGHBOUR = re.compile(r"[\w:]", re.ASCII)
#: A cheap trigger: every IPv6 address holds "::" or, written in full, ":h:h:h:" (times such as
#: 10:12:01, the commonest colon-digit strings, do not).
IPV6_TRIGGER = re.compile(rb":(?::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:)")
_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")


def public_ipv4(a: int, b: int, c: int, d: int) -> bool:
    """Is a.b.c.d globally reachable unicast? The IANA special-purpose registry (RFC 6890 and
    successors) by its first octets: a few comparisons instead of ``ipaddress``'s scan of its
    network list, which cost a third of the IP pass on dense text."""
    if a in (0, 10, 127) or a >= 224:  # this network, private, loopback; multicast, reserved
        return False
    if a == 100:
        return not 64 <= b <= 127  # shared address space (CGNAT)
    if a == 169:
        return b != 254  # link-local
    if a == 172:
        return not 16 <= b <= 31  # private
    if a == 192:
        if b == 168:
            return False  # private
        if b == 0:
            if c == 0:
                return d in (9, 10)  # IETF protocol assignments, but for two anycast services
            return c != 2  # TEST-NET-1
        return True
    if a == 198:
        if b in (18, 19):
            return False  # benchmarking
        return not (b == 51 and c == 100)  # TEST-NET-2
    if a == 203:
        return not (b == 0 and c == 113)  # TEST-NET-3
    return True


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        if mapped is not None:
            return _public(mapped)
        return address in _GLOBAL_UNICAST and address.is_global
    return public_ipv4(*address.packed)


def find_ipv4_in_run(text: str, start: int, end: int, public_only: bool, out: list[tuple[int, int, str, str]]) -> None:
    """Dotted quads in ``text[start:end]`` (a run of digits and separators, with a little context)."""
    for m in _IPV4.finditer(text, start, end):
        octets = m.group().split(".")
        public = public_ipv4(*map(int, octets))
        if public_only and not public:
            continue
        if public and sum(len(o) == 1 for o in octets) >= 3:
            continue  # 4.3.0.1, 1.0.0.0: a version (and 8.8.8.8-like resolvers: no one's address)
        if _VERSION_BEFORE.search(text, max(0, m.start() - 48), m.start()):
            continue
        out.append((m.start(), m.end(), IP, "ipv4"))


def find_ipv6(text: str, view: bytes, public_only: bool, out: list[tuple[int, int, str, str]]) -> None:
    """IPv6 addresses around each trigger (``::`` or ``:h:``) of the ASCII view of ``text``."""
    n = len(text)
    done = 0
    for t in IPV6_TRIGGER.finditer(view):
        p = t.start()
        if p < done:
            continue
        # The maximal run of hex digits, colons and dots around the trigger, read both ways.
        left = _HEX_COLON_DOT.match(text[max(0, p - 45) : p][::-1])
        right = _HEX_COLON_DOT.match(text, p, min(n, p + 45))
        start = p - (left.end() if left is not None else 0)
        end = right.end() if right is not None else p
        done = end
        while end > start and text[end - 1] == ".":  # a full stop after the address
            end -= 1
        if text[end - 1 : end] == ":" and text[end - 2 : end] != "::" and (end == n or text[end].isspace()):
            end -= 1  # "listens on 2606:4700::1: ok", a colon of the sentence
        candidate = text[start:end]
        if (start and _IPV6_NEIGHBOUR.match(text, start - 1)) or (
            _IPV6_NEIGHBOUR.match(text, end) and not (text[end] == ":" and (end + 1 == n or text[end + 1].isspace()))
        ):
            continue  # part of an identifier or a longer colon-separated thing
        if "::" not in candidate and candidate.count(":") < 6:
            continue  # times (12:34:56), ratios: a full address has 7 colons, or 6 and an IPv4 tail
        if not any(c.isdigit() for c in candidate):
            continue  # C++ or Rust paths made of hex letters (dead::beef)
        try:
            address = ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        if public_only and not _public(address):
            continue
        out.append((start, end, IP, "ipv6"))
