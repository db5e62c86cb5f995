"""The curator's own opt-out list: domains, URL prefixes, authors and content hashes.

Two formats. TOML (a ``.toml`` file)::

    domains = ["example.com"]                    # the domain and all its subdomains
    urls = ["https://example.org/blog/"]         # URL prefixes (scheme ignored)
    authors = ["Jane Doe"]                       # compared case- and space-insensitively
    hashes = ["sha256:9f86d0...", "e3b0c4..."]   # content_hash() of the text

Plain text (any other name): one entry a line, ``kind: value`` with kind ``domain``, ``url``,
``author`` or ``hash``; a bare URL, bare 64-digit hash or bare domain name needs no kind. ``#``
starts a comment at the start of a line or after a space. Every mistake is an ``InputError``
naming the line.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from clearance.curate.optout.hashing import parse_hash
from clearance.curate.optout.patterns import normalize
from clearance.io import InputError

_KIND_NAMES = {"domain": "domains", "url": "urls", "author": "authors", "hash": "hashes", "sha256": "hashes"}
_TOML_KEYS = {"domains", "urls", "authors", "hashes", "content_hashes"}
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||&|,|\band\b)\s*")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_host(host: str) -> str:
    """Lower-case, no trailing dot, IDNA (punycode) for non-ASCII names."""
    host = host.strip().lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def normalize_domain(value: str) -> str | None:
    """``*.Example.COM.`` -> ``example.com``; None if it is not a domain name."""
    host = normalize_host(value.strip().removeprefix("*.").lstrip("."))
    labels = host.split(".")
    return host if len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels) else None


def url_key(url: str) -> str | None:
    """``host[:port]/path?query`` with host and path normalized, the scheme dropped; None if no host."""
    try:
        return url_key_of(urlsplit(url.strip()))
    except ValueError:
        return None


def url_key_of(parts: SplitResult) -> str | None:
    """``url_key`` of an already split URL."""
    try:
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    host = normalize_host(parts.hostname)
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return host + normalize(path)


def normalize_author(name: str) -> str:
    """NFKC, case-folded, whitespace runs made one space: ``"  JANE   doe "`` -> ``"jane doe"``."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def author_names(author: str) -> list[str]:
    """The whole author string, then each name in it (split at ``;``, ``|``, ``&``, ``,`` and "and")."""
    whole = normalize_author(author)
    return list(dict.fromkeys([whole, *(part for part in _AUTHOR_SPLIT.split(whole) if part)]))


@dataclass(slots=True)
class UserList:
    """Parsed entries, each mapped to the line it came from (for the signal's ``source``)."""

    source: str
    domains: dict[str, int] = field(default_factory=dict)
    urls: dict[str, dict[str, int]] = field(default_factory=dict)  # host -> {path prefix: line}
    authors: dict[str, int] = field(default_factory=dict)
    hashes: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.domains) + sum(map(len, self.urls.values())) + len(self.authors) + len(self.hashes)

    def add(self, kind: str, value: str, line: int) -> None:
        """Add one entry of ``kind`` (domains/urls/authors/hashes); a bad value is an InputError."""
        if kind == "domains":
            domain = normalize_domain(value)
            if domain is None:
                raise InputError(self.source, line, f"not a domain name: {value!r}")
            self.domains.setdefault(domain, line)
        elif kind == "urls":
            key = url_key(value) if "://" in value else None
            if key is None:
                raise InputError(self.source, line, f"not a URL (scheme://host/path): {value!r}")
            host, _, path = key.partition("/")
            self.urls.setdefault(host, {}).setdefault("/" + path, line)
        elif kind == "authors":
            name = normalize_author(value)
            if not name:
                raise InputError(self.source, line, "empty author name")
            self.authors.setdefault(name, line)
        elif kind == "hashes":
            digest = parse_hash(value)
            if digest is None:
                raise InputError(self.source, line, f"not a SHA-256 content hash (64 hex digits): {value!r}")
            self.hashes.setdefault(digest, line)
        else:  # pragma: no cover - callers pass only the four kinds
            raise ValueError(kind)

    def match_host(self, host: str) -> tuple[str, int] | None:
        """The listed domain covering ``host`` (itself or a parent), with its line."""
        host = normalize_host(host)
        while True:
            line = self.domains.get(host)
            if line is not None:
                return host, line
            dot = host.find(".")
            if dot < 0:
                return None
            host = host[dot + 1:]

    def match_url(self, key: str) -> tuple[str, int] | None:
        host, _, path = key.partition("/")
        prefixes = self.urls.get(host)
        if not prefixes:
            return None
        path = "/" + path
        for prefix, line in prefixes.items():
            if path.startswith(prefix):
                return host + prefix, line
        return None

    def match_author(self, author: str) -> tuple[str, int] | None:
        for name in author_names(author):
            line = self.authors.get(name)
            if line is not None:
                return name, line
        return None


def _line_of(lines: list[str], needle: str, default: int) -> int:
    for number, line in enumerate(lines, start=1):
        if needle in line:
            return number
    return default


def _key_line(lines: list[str], key: str) -> int:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((number for number, line in enumerate(lines, start=1) if pattern.match(line)), 1)


def parse_toml_list(text: str, source: str) -> UserList:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise InputError(source, int(match.group(1)) if match else None, f"not valid TOML ({exc})") from None
    lines = text.splitlines()
    out = UserList(source)
    for key, values in data.items():
        key_line = _key_line(lines, key)
        if key not in _TOML_KEYS:
            raise InputError(source, key_line, f"unknown key {key!r} (expected one of {sorted(_TOML_KEYS)})")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise InputError(source, key_line, f"{key} must be a list of strings")
        kind = "hashes" if key == "content_hashes" else key
        for value in values:
            out.add(kind, value, _line_of(lines, value, key_line))
    return out


def parse_text_list(text: str, source: str) -> UserList:
    out = UserList(source)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()
        if not line:
            continue
        head, sep, rest = line.partition(":")
        kind = _KIND_NAMES.get(head.strip().lower()) if sep else None
        if kind is not None and not rest.startswith("//"):
            out.add(kind, rest.strip(), number)
        elif "://" in line:
            out.add("urls", line, number)
        elif parse_hash(line) is not None:
            out.add("hashes", line, number)
        elif normalize_domain(line) is not None:
            out.add("domains", line, number)
        else:
            raise InputError(source, number, f"cannot tell what {line[:80]!r} is: write 'domain:', 'url:', "
                                             "'author:' or 'hash:' before it")
    return out


def read_user_list(path: Path) -> UserList:
    """Read a user opt-out list: TOML if the name ends in ``.toml``, else the plain-text format."""
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(source, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(source, None, f"not UTF-8 (byte {exc.start + 1})") from None
    if path.suffix.lower() == ".toml":
        return parse_toml_list(text, source)
    return parse_text_list(text, source)
