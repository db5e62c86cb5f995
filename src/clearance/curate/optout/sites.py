"""Site files supplied with the corpus, never fetched: ``<sites_dir>/<host>/robots.txt``,
``<host>/ai.txt`` and ``<host>/.well-known/tdmrep.json``, read once per host and kept in a
bounded cache (a corpus of millions of hosts does not hold them all in memory).

``<host>`` is the URL's host name, lower-case, in its ASCII (punycode) form, without port. A
missing file means the site expressed nothing that way; a malformed one is an ``InputError``,
raised again (without re-reading) for every document of that host.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from clearance.curate.optout.robots import RobotsFile, RuleSet, read_robots
from clearance.curate.optout.tdmrep import TdmRepFile, read_tdmrep
from clearance.curate.optout.userlist import normalize_host
from clearance.io import InputError

ROBOTS_TXT = "robots.txt"
AI_TXT = "ai.txt"
TDMREP_JSON = ".well-known/tdmrep.json"

#: Host names that can be a directory name under the sites directory (no path tricks like "..").
_SAFE_HOST = re.compile(r"[a-z0-9_-][a-z0-9_.-]*")


@dataclass(slots=True)
class Site:
    """One host's files, with the rule sets of the checked agents grouped (agents that fall back to
    the same ``*`` group share one rule set, which is evaluated once per document)."""

    robots: RobotsFile | None = None
    ai_txt: RobotsFile | None = None
    tdmrep: TdmRepFile | None = None
    robots_sets: list[tuple[RuleSet, tuple[str, ...]]] = field(default_factory=list)
    ai_sets: list[tuple[RuleSet, tuple[str, ...]]] = field(default_factory=list)


def group_rulesets(parsed: RobotsFile | None, agents: tuple[str, ...]) -> list[tuple[RuleSet, tuple[str, ...]]]:
    """Distinct non-empty rule sets among ``agents``, each with the agents that obey it."""
    if parsed is None:
        return []
    grouped: dict[int, tuple[RuleSet, list[str]]] = {}
    for agent in agents:
        ruleset = parsed.ruleset(agent)
        if ruleset:
            grouped.setdefault(id(ruleset), (ruleset, []))[1].append(agent)
    return [(ruleset, tuple(names)) for ruleset, names in grouped.values()]


class SiteFiles:
    """The sites directory, with a per-host cache of parsed files (LRU, ``cache_size`` hosts)."""

    def __init__(self, root: Path, agents: tuple[str, ...], cache_size: int = 4096) -> None:
        root = Path(root)
        if not root.is_dir():
            raise InputError(str(root), None, "the sites directory does not exist or is not a directory")
        self.root = root
        self.agents = agents
        self.cache_size = cache_size
        self._cache: OrderedDict[str, Site | InputError] = OrderedDict()

    def get(self, host: str) -> Site | None:
        """The host's files (None if it has none); raises the cached InputError of a bad file."""
        if not host.isascii():
            host = normalize_host(host)
        cached = self._cache.get(host)
        if cached is None:
            cached = self._load(host)
            self._cache[host] = cached
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(host)
        if isinstance(cached, InputError):
            raise cached
        return cached if (cached.robots or cached.ai_txt or cached.tdmrep) else None

    def _load(self, host: str) -> Site | InputError:
        site = Site()
        if not _SAFE_HOST.fullmatch(host) or ".." in host:
            return site
        directory = self.root / host
        if not directory.is_dir():
            return site
        try:
            if (directory / ROBOTS_TXT).is_file():
                site.robots = read_robots(directory / ROBOTS_TXT)
            if (directory / AI_TXT).is_file():
                site.ai_txt = read_robots(directory / AI_TXT, file_types=True)
            if (directory / TDMREP_JSON).is_file():
                site.tdmrep = read_tdmrep(directory / TDMREP_JSON)
        except InputError as exc:
            return exc
        site.robots_sets = group_rulesets(site.robots, self.agents)
        site.ai_sets = group_rulesets(site.ai_txt, self.agents)
        return site
