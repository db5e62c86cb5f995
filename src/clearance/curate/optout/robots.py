"""robots.txt as RFC 9309 defines it, plus the AI-preference lines sites add to it; ai.txt too.

Groups: consecutive ``User-agent`` lines open a group, the rules after them belong to all of its
agents, and a ``User-agent`` line after a rule opens the next group. A crawler uses every group
naming its product token (compared case-insensitively, merged when there are several) and the
``*`` groups only when none names it. Within the merged rules the longest matching pattern
decides; an ``Allow`` and a ``Disallow`` of the same length allow. Lines RFC 9309 tells parsers to
ignore (unknown keys, rules before any group, lines without a colon) are ignored and noted in
``RobotsFile.notes``; a file that is not a robots.txt at all (an HTML error page saved in its
place, binary data, text that is not UTF-8) is an ``InputError`` naming the line.

Beyond RFC 9309 the parser keeps ``Content-Usage: <path> <preferences>`` lines (IETF
draft-ietf-aipref-attach) and Cloudflare's ``Content-Signal: <preferences>`` lines with the group
they appear in; ``preferences.py`` reads their values.

ai.txt (Spawning's format) has the same syntax; with ``file_types=True`` its ``*.jpg``-style
patterns mean "files with that extension" rather than a path prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from clearance.curate.optout.patterns import PathPattern, compile_pattern, extension_pattern
from clearance.io import InputError

#: Larger files are refused: a robots.txt is at most a few hundred KiB (RFC 9309 asks crawlers to
#: read at least 500 KiB), so one of 16 MiB is something else saved under that name.
MAX_BYTES = 16 << 20

_AGENT_KEYS = frozenset({"user-agent", "useragent", "user agent"})
_DISALLOW_KEYS = frozenset({"disallow", "dissallow", "dissalow", "disalow", "disallaw", "diasllow"})
_USAGE_KEYS = frozenset({"content-usage", "content-signal"})
#: Records that belong to a group although RFC 9309 does not define them: one after user-agent
#: lines ends the list of agents, so in "User-agent: *, Crawl-delay: 5, User-agent: GPTBot,
#: Disallow: /" the Disallow is GPTBot's only. That is what the file's author means and what
#: urllib.robotparser and protego do; Google's parser would give the Disallow to ``*`` as well.
_GROUP_MEMBER_KEYS = frozenset({"crawl-delay", "request-rate", "visit-time"})
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_HTML_START = re.compile(rb"\s*<(!doctype|html|head|body|\?xml|!--)", re.IGNORECASE)


def product_token(value: str) -> str:
    """The product token a ``User-agent`` value names, lower-cased: ``GPTBot/1.1`` -> ``gptbot``."""
    value = value.strip()
    if value.startswith("*"):
        return "*"
    match = _TOKEN.match(value)
    return match.group(0).lower() if match else ""


@dataclass(frozen=True, slots=True)
class Rule:
    """An Allow or Disallow line."""

    allow: bool
    pattern: PathPattern
    line: int

    def describe(self) -> str:
        return f"{'Allow' if self.allow else 'Disallow'}: {self.pattern.text} (line {self.line})"


@dataclass(frozen=True, slots=True)
class UsageRule:
    """A ``Content-Usage`` or ``Content-Signal`` line: preferences for the paths its pattern matches."""

    label: str  # "content-usage" | "content-signal"
    pattern: PathPattern
    value: str
    line: int


@dataclass(slots=True)
class Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    usage: list[UsageRule] = field(default_factory=list)


class RuleSet:
    """The merged rules one crawler obeys, ordered so that the first match is the deciding one."""

    __slots__ = ("rules", "usage")

    def __init__(self, rules: list[Rule], usage: list[UsageRule]) -> None:
        # Longest pattern first; at equal length Allow first (RFC 9309: the least restrictive wins).
        self.rules = sorted(rules, key=lambda r: (-r.pattern.priority, not r.allow))
        self.usage = sorted(usage, key=lambda r: -r.pattern.priority)

    def deciding_rule(self, path: str) -> Rule | None:
        """The rule that decides ``path`` (a normalized path, see ``patterns.url_path``); None: no rule."""
        for rule in self.rules:
            if rule.pattern.matches(path):
                return rule
        return None

    def allowed(self, path: str) -> bool:
        rule = self.deciding_rule(path)
        return rule is None or rule.allow

    def usage_for(self, path: str) -> list[UsageRule]:
        """The preference lines for ``path``: every line whose pattern is the longest match."""
        best: list[UsageRule] = []
        for rule in self.usage:
            if best and rule.pattern.priority < best[0].pattern.priority:
                break
            if rule.pattern.matches(path):
                best.append(rule)
        return best

    def __bool__(self) -> bool:
        return bool(self.rules or self.usage)


class RobotsFile:
    """A parsed robots.txt (or ai.txt). ``source`` names it in signals and errors."""

    def __init__(self, source: str, groups: list[Group], notes: list[tuple[int, str]]) -> None:
        self.source = source
        self.groups = groups
        self.notes = notes
        self._by_agent: dict[str, RuleSet] = {}
        self._by_groups: dict[tuple[int, ...], RuleSet] = {}

    def ruleset(self, agent: str) -> RuleSet:
        """What the crawler with product token ``agent`` obeys (its groups, else the ``*`` groups)."""
        cached = self._by_agent.get(agent)
        if cached is not None:
            return cached
        token = product_token(agent)
        named = tuple(i for i, g in enumerate(self.groups) if token in g.agents)
        chosen = named or tuple(i for i, g in enumerate(self.groups) if "*" in g.agents)
        result = self._by_groups.get(chosen)
        if result is None:  # agents that end up with the same groups share one RuleSet object
            groups = [self.groups[i] for i in chosen]
            result = RuleSet([r for g in groups for r in g.rules], [u for g in groups for u in g.usage])
            self._by_groups[chosen] = result
        self._by_agent[agent] = result
        return result

    def agents(self) -> set[str]:
        return {a for g in self.groups for a in g.agents}


def parse_robots(data: bytes | str, source: str, *, file_types: bool = False) -> RobotsFile:
    """Parse robots.txt (or ai.txt with ``file_types=True``) content; ``source`` names it in errors."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        raise InputError(source, None, f"{len(raw)} bytes: too large for a robots.txt file (limit {MAX_BYTES})")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _HTML_START.match(raw):
        raise InputError(source, 1, "an HTML or XML page, not a robots.txt file (an error page saved in its place?)")
    groups: list[Group] = []
    notes: list[tuple[int, str]] = []
    current: Group | None = None
    in_agent_lines = False
    for number, line in enumerate(_lines(raw, source), start=1):
        if not line:
            continue
        key, sep, value = line.partition(":")
        if not sep:
            notes.append((number, f"ignored: no ':' in {line[:60]!r}"))
            continue
        key, value = key.strip().lower(), value.strip()
        if key in _AGENT_KEYS:
            if current is None or not in_agent_lines:
                current = Group()
                groups.append(current)
            token = product_token(value)
            if token:
                current.agents.append(token)
            else:
                notes.append((number, f"ignored user-agent {value!r}: no product token"))
            in_agent_lines = True
            continue
        is_rule = key == "allow" or key in _DISALLOW_KEYS or key in _USAGE_KEYS
        if not is_rule:
            if key in _GROUP_MEMBER_KEYS and current is not None:
                in_agent_lines = False  # the group's user-agent lines are over (see _GROUP_MEMBER_KEYS)
            continue  # otherwise (sitemap, host, ...) a record outside groups
        if current is None:
            notes.append((number, f"ignored {key}: before any user-agent line"))
            continue
        in_agent_lines = False
        if key in _USAGE_KEYS:
            usage = _usage_rule(key, value, number)
            if usage is None:
                notes.append((number, f"ignored {key}: no preferences"))
            else:
                current.usage.append(usage)
            continue
        if not value:
            continue  # "Disallow:" with no path allows everything: no rule
        pattern = (extension_pattern(value) if file_types else None) or compile_pattern(value)
        current.rules.append(Rule(key == "allow", pattern, number))
    return RobotsFile(source, groups, notes)


def _lines(raw: bytes, source: str) -> list[str]:
    """The file's lines, comments removed and stripped. Decoded whole when it is UTF-8 (the fast,
    common case); otherwise line by line, where only text outside comments must be UTF-8."""
    if b"\x00" in raw:
        number = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise InputError(source, number, "binary data (NUL byte), not a robots.txt file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        return [line.split("#", 1)[0].strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = []
    for number, line_bytes in enumerate(raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"), start=1):
        content = line_bytes.split(b"#", 1)[0]
        try:
            out.append(content.decode("utf-8").strip())
        except UnicodeDecodeError as exc:
            raise InputError(source, number, f"not UTF-8 (byte {exc.start + 1}); RFC 9309 requires UTF-8") from None
    return out


def _usage_rule(key: str, value: str, number: int) -> UsageRule | None:
    """``Content-Usage: /path prefs``; without a path (earlier drafts, Content-Signal) it covers ``/``."""
    if value.startswith(("/", "*")):
        path, _, prefs = re.sub(r"[ \t]+", " ", value).partition(" ")
    else:
        path, prefs = "/", value
    if not prefs:
        return None
    return UsageRule(key, compile_pattern(path), prefs, number)


def read_robots(path: Path, source: str | None = None, *, file_types: bool = False) -> RobotsFile:
    """Read and parse a robots.txt/ai.txt file; an unreadable one is an ``InputError``."""
    name = source or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, None, f"cannot read: {exc.strerror or exc}") from None
    return parse_robots(data, name, file_types=file_types)
