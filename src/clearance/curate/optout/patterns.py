"""Path patterns as robots.txt uses them (RFC 9309 section 2.2.2-2.2.3), shared by every site file.

robots.txt, ai.txt, the ``location`` of ``tdmrep.json`` and robots.txt ``Content-Usage`` rules all
match a pattern against the URL's path (and query): a prefix match where ``*`` stands for any run
of characters and a final ``$`` anchors the end. Both sides are first brought to one spelling, as
RFC 9309 asks: a percent-escape of an unreserved character (``%41`` -> ``A``) is decoded, every
other escape is kept (with upper-case hex), and characters outside the URI character set (spaces,
non-ASCII) are percent-encoded as UTF-8. So ``/caf%C3%A9``, ``/café`` and ``/caf%c3%a9`` are one path,
while ``/a%2Fb`` stays different from ``/a/b``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ALLOWED = _UNRESERVED | frozenset(":/?#[]@!$&'()*+,;=")
_HEX = frozenset("0123456789abcdefABCDEF")
_AUTHORITY_END = re.compile(r"[/?#]")
#: What urlsplit treats specially (stripped whitespace, removed tabs and line breaks, backslashes).
_UNUSUAL = re.compile(r"[\s\\]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
#: A string made only of characters that need no work (the common case): returned as it is.
_ALREADY_NORMAL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*\Z")


def normalize(path: str) -> str:
    """One spelling for a path or a pattern, so that comparing them compares what they mean."""
    if _ALREADY_NORMAL.match(path):
        return path
    out: list[str] = []
    i, n = 0, len(path)
    while i < n:
        ch = path[i]
        if ch == "%":
            if i + 2 < n and path[i + 1] in _HEX and path[i + 2] in _HEX:
                decoded = chr(int(path[i + 1 : i + 3], 16))
                out.append(decoded if decoded in _UNRESERVED else "%" + path[i + 1 : i + 3].upper())
                i += 3
                continue
            out.append("%25")  # a lone percent sign is a literal one
        elif ch in _ALLOWED:
            out.append(ch)
        else:
            out.extend(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass"))
        i += 1
    return "".join(out)


def url_path(url: str) -> str:
    """The part of a URL that rules match: path and query, normalized; ``/`` for an empty path.

    Cut by hand for the common ``scheme://authority/...`` form (``urlsplit`` costs more than the
    match itself); anything unusual goes through ``urlsplit``.
    """
    scheme = _SCHEME.match(url)
    if scheme is None or _UNUSUAL.search(url):
        return url_path_of(urlsplit(url))
    end = _AUTHORITY_END.search(url, scheme.end())
    if end is None:
        return "/"
    path, _, query = url[end.start():].split("#", 1)[0].partition("?")
    return normalize(f"{path or '/'}?{query}" if query else path or "/")


def url_path_of(parts: SplitResult) -> str:
    """``url_path`` of an already split URL."""
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return normalize(path)


@dataclass(frozen=True, slots=True)
class PathPattern:
    """One compiled pattern. ``priority`` is its length in octets: the longest match wins."""

    text: str
    priority: int
    matches: Callable[[str], bool] = field(repr=False, compare=False)


@lru_cache(maxsize=1 << 16)
def compile_pattern(raw: str) -> PathPattern:
    """A robots.txt path pattern; one that does not start with ``/`` or ``*`` gets a leading ``/``.

    (RFC 9309 requires the slash; Google's parser adds it, and so do we rather than drop the rule.)
    Cached: the same patterns (``/``, ``/wp-admin/``) recur across thousands of sites.
    """
    text = normalize(raw.strip())
    if not text.startswith(("/", "*")):
        text = "/" + text
    anchored = text.endswith("$")
    body = text[:-1] if anchored else text
    if "*" not in body:
        if anchored:
            return PathPattern(text, len(text), body.__eq__)
        return PathPattern(text, len(text), lambda path, prefix=body: path.startswith(prefix))
    pieces = [re.escape(piece) for piece in re.sub(r"\*+", "*", body).split("*")]
    regex = re.compile(".*".join(pieces) + (r"\Z" if anchored else ""), re.DOTALL)
    return PathPattern(text, len(text), lambda path, match=regex.match: match(path) is not None)


def extension_pattern(raw: str) -> PathPattern | None:
    """ai.txt's file-type rules (``*.jpg``): the path, without its query, ends with that extension.

    Case-insensitive, because ``photo.JPG`` is a JPEG too. ``None`` if ``raw`` is not of that form.
    """
    match = re.fullmatch(r"\*(\.[A-Za-z0-9]{1,12})", raw.strip())
    if match is None:
        return None
    suffix = match.group(1).lower()

    def ends_with(path: str) -> bool:
        return path.split("?", 1)[0].lower().endswith(suffix)

    return PathPattern(match.group(0), len(match.group(0)), ends_with)
