"""Property tests: on files where their semantics agree, our robots.txt matcher and Python's
``urllib.robotparser`` give the same answers.

They agree when (a) the rules in each group are written longest first, Allow before Disallow at
equal length (urllib takes the first matching rule in file order, RFC 9309 the longest, ties
allowing), (b) each agent is named by one group and no agent name is a substring of another
(urllib matches names as substrings and does not merge groups), and (c) patterns have no ``*``
or ``$`` (urllib treats them literally) and values are never empty, and (d) a pattern does not
end inside an escaped UTF-8 character (``/caf%C3`` of ``/caf%C3%A9``: RFC 9309 compares octets,
so it is a prefix; urllib decodes it to U+FFFD first, so it is not).
"""

import re
from urllib.parse import unquote_to_bytes
from urllib.robotparser import RobotFileParser

from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.curate.optout.patterns import url_path
from clearance.curate.optout.robots import parse_robots

AGENTS = ["GPTBot", "CCBot", "ClaudeBot", "Bytespider"]
SEGMENTS = ["a", "b", "ab", "doc", "x1", "~u", "caf%C3%A9", "p.html", "q?x=1"]

paths = st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=4).map(lambda parts: "/" + "/".join(parts))


def build(spec: list[tuple[list[str], list[tuple[bool, str]]]]) -> str:
    seen: set[str] = set()
    out: list[str] = []
    for agents, group_rules in spec:
        agents = [a for a in agents if a not in seen]
        if not agents:
            continue
        seen.update(agents)
        out.extend(f"User-agent: {a}" for a in agents)
        ordered = sorted(group_rules, key=lambda r: (-len(r[1]), not r[0]))
        out.extend(f"{'Allow' if allow else 'Disallow'}: {p}" for allow, p in ordered)
        if not group_rules:
            out.append("Allow: /never-matches-anything-here")
        out.append("")
    return "\n".join(out) + "\n"


def whole_characters(pattern: str) -> bool:
    try:
        unquote_to_bytes(pattern).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not re.search(r"%[0-9A-Fa-f]?$", pattern)


def prefixes_of(path: str) -> st.SearchStrategy[str]:
    """Prefixes of the checked path (so rules often match it), or unrelated paths."""
    return st.one_of(st.integers(2, len(path)).map(lambda n: path[:n]).filter(whole_characters), paths)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(AGENTS), paths)
def test_agrees_with_urllib_robotparser(data, agent, path) -> None:
    rules = st.lists(st.tuples(st.booleans(), prefixes_of(path)), min_size=0, max_size=6)
    group = st.tuples(st.lists(st.sampled_from(AGENTS + ["*"]), min_size=1, max_size=2, unique=True), rules)
    text = build(data.draw(st.lists(group, min_size=0, max_size=4)))
    reference = RobotFileParser()
    reference.parse(text.splitlines())
    url = "http://example.com" + path
    ours = parse_robots(text, "robots.txt").ruleset(agent).allowed(url_path(url))
    assert ours == reference.can_fetch(agent, url), text
