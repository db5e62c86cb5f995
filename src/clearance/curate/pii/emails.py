"""E-mail addresses, found around each ``@`` (the one character every address has).

Local part: letters and digits of any script and ``. % + -`` (no leading, trailing or doubled dot),
at most 64 characters. Domain: up to 8 dot-separated labels and a top-level domain of 2+ letters
(or ``xn--`` punycode). Skipped on purpose:

* reserved documentation domains (RFC 2606/6761): ``example.com/.net/.org``, ``*.example``,
  ``*.test``, ``*.invalid``, ``*.localhost``: they name nobody (``include_examples=True`` keeps
  them);
* retina asset names (``icon@2x.png``) and other "domains" whose last label is a file extension
  that is not a top-level domain;
* SSH remotes (``git@github.com:owner/repo.git``) and URL user names (``http://user@host/``):
  an account name on a host, not a mailbox; OpenSSH algorithm names
  (``chacha20-poly1305@openssh.com``); systemd unit instances (``getty@tty1.service``); and mail
  identifiers in ``Message-ID:``/``In-Reply-To:``/``References:`` headers.

Obfuscated forms (``john [at] example [dot] com``) are not detected.
"""

from __future__ import annotations

import re

from clearance.curate.pii.model import PiiKind

EMAIL = PiiKind.EMAIL.value

#: The local part, read backwards from the ``@`` (one anchored match instead of a search).
_LOCAL_REVERSED = re.compile(r"[\w.%+\-]{1,65}")
_DOMAIN = re.compile(
    r"(?:[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?\.){1,8}(?P<tld>[^\W\d_]{2,63}|xn--[a-z0-9\-]{1,59})"
    r"(?![\w\-]|\.[^\W_])"
)
_RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost"})
_RESERVED_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
#: File extensions that are not top-level domains: ``logo@2x.png``, ``bundle@1.0.js``.
_FILE_EXTENSIONS = frozenset(
    """
        png jpg jpeg gif svg webp bmp ico tif tiff pdf js mjs cjs jsx ts tsx css scss less html htm json
        xml txt yaml yml toml lock map wasm mp3 mp4 wav woff woff2 ttf otf gz tgz exe dll cpp hpp java
        rb php lua swift kt sql csv log ini cfg conf rst tex bak tmp orig patch diff
        """.split()  # noqa: SIM905
)
_MESSAGE_ID_HEADER = re.compile(r"[ \t]*(?:message-id|in-reply-to|references|content-id):", re.IGNORECASE)
#: ``:`` then a path: an SSH remote (``git@host:owner/repo``, ``user@host:~/x``), not the
#: ``alice@company.com:service-account`` pairs of cloud CLIs.
_SSH_PATH = re.compile(r":(?:[~/]|[\w.\-]+/)")
_SYSTEMD_UNITS = frozenset(
    {"service", "socket", "timer", "target", "mount", "automount", "slice", "swap", "path", "device", "scope"}
)
_MAX_LOCAL = 64
_MAX_DOMAIN = 253


def is_reserved_domain(domain: str) -> bool:
    labels = domain.lower().rsplit(".", 2)
    return labels[-1] in _RESERVED_TLDS or ".".join(labels[-2:]) in _RESERVED_DOMAINS


def find_email_at(text: str, at: int, include_examples: bool, out: list[tuple[int, int, str, str]]) -> int:
    """The address whose ``@`` is at index ``at``; returns where the next search may start."""
    local = _LOCAL_REVERSED.match(text[max(0, at - _MAX_LOCAL - 1) : at][::-1])
    if local is None or local.end() > _MAX_LOCAL:
        return at + 1
    start = at - local.end()
    while text[start] == ".":
        start += 1
    name = text[start:at]
    if not name or name.endswith(".") or ".." in name:
        return at + 1
    n = len(text)
    hi = min(n, at + 2 + _MAX_DOMAIN)
    domain = _DOMAIN.match(text, at + 1, hi)
    if domain is None or (domain.end() == hi and hi < n):
        return at + 1
    end = domain.end()
    if domain.group("tld").lower() in _FILE_EXTENSIONS:
        return end
    if not include_examples and is_reserved_domain(domain.group()):
        return end
    if domain.group().lower() == "openssh.com" and "-" in name:
        return end  # an SSH algorithm name: chacha20-poly1305@openssh.com
    if _SSH_PATH.match(text, end):
        return end  # git@github.com:owner/repo.git, an SSH remote
    if text.endswith("://", 0, start):
        return end  # http://user@host/: a URL's user name, not a mailbox
    if domain.group().count(".") == 1 and domain.group("tld").lower() in _SYSTEMD_UNITS:
        return end  # systemd-networkd-wait-online@eth0.service, a unit instance
    if start and text[start - 1] == "<":
        line_start = text.rfind("\n", max(0, start - 300), start) + 1
        if _MESSAGE_ID_HEADER.match(text, line_start, start):
            return end  # In-Reply-To: <20030528162613.GB8524@ns.snowman.net>, a mail's identifier
    out.append((start, end, EMAIL, ""))
    return end
