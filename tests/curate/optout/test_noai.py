"""Parsing robots directives from meta robots and X-Robots-Tag values."""

from clearance.curate.optout.noai import robots_directives


def test_plain_and_prefixed_directives() -> None:
    assert robots_directives("noai, noimageai") == [(None, "noai"), (None, "noimageai")]
    assert robots_directives("NOAI NoImageAI") == [(None, "noai"), (None, "noimageai")]
    assert robots_directives("GPTBot: noai") == [("gptbot", "noai")]
    got = robots_directives("googlebot: noindex, nofollow, otherbot: noai")
    assert got == [("googlebot", "noindex"), ("googlebot", "nofollow"), ("otherbot", "noai")]


def test_valued_directives_are_not_crawler_names() -> None:
    got = robots_directives("unavailable_after: 2030-01-01, max-snippet:20, noai")
    assert ("unavailable_after", "noai") not in got and (None, "noai") in got
    assert robots_directives("") == [] and robots_directives(" , ,") == []
