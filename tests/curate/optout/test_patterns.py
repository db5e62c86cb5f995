"""Path normalization and pattern matching shared by robots.txt, ai.txt, tdmrep.json and Content-Usage."""

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.curate.optout.patterns import compile_pattern, extension_pattern, normalize, url_path, url_path_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/plain/path", "/plain/path"),
        ("/%7Euser", "/~user"),  # unreserved escape decoded
        ("/a%2fb", "/a%2Fb"),  # reserved escape kept, hex upper-cased
        ("/a%2Fb", "/a%2Fb"),
        ("/café", "/caf%C3%A9"),  # non-ASCII percent-encoded as UTF-8
        ("/caf%c3%a9", "/caf%C3%A9"),
        ("/with space", "/with%20space"),
        ("/100%", "/100%25"),  # a lone percent is literal
        ("/%zz", "/%25zz"),
        ("/x?q=1&r=*", "/x?q=1&r=*"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent_on_examples() -> None:
    for raw in ["/café", "/a%2fb", "/100%", "/%7E", "/ü/%C3%BC"]:
        once = normalize(raw)
        assert normalize(once) == once


def test_url_path_keeps_query_drops_fragment_and_defaults_to_root() -> None:
    assert url_path("https://example.com") == "/"
    assert url_path("https://example.com/a/b?x=1#frag") == "/a/b?x=1"
    assert url_path("https://example.com/%7Ejoe/caf%c3%a9") == "/~joe/caf%C3%A9"


def test_prefix_pattern_and_priority() -> None:
    p = compile_pattern("/fish")
    assert p.priority == 5
    assert p.matches("/fish") and p.matches("/fish.html") and p.matches("/fishheads/x")
    assert not p.matches("/Fish.asp") and not p.matches("/catfish")


def test_wildcard_and_end_anchor() -> None:
    star = compile_pattern("/*.php")
    assert star.matches("/index.php") and star.matches("/folder/any.php.file")
    assert not star.matches("/") and not star.matches("/windows.PHP")
    anchored = compile_pattern("/*.php$")
    assert anchored.matches("/filename.php") and anchored.matches("/folder/filename.php")
    assert not anchored.matches("/filename.php?parameters") and not anchored.matches("/filename.php/")
    exact = compile_pattern("/exact$")
    assert exact.matches("/exact") and not exact.matches("/exact/more")
    middle = compile_pattern("/fish*.php")
    assert middle.matches("/fish.php") and middle.matches("/fishheads/catfish.php?parameters")
    assert not middle.matches("/Fish.PHP")


def test_pattern_without_slash_gets_one_and_is_normalized() -> None:
    assert compile_pattern("private").text == "/private"
    assert compile_pattern("/caf%c3%a9").matches(normalize("/café/menu"))
    assert compile_pattern("*.gif").matches("/images/a.gif")


def test_repeated_stars_collapse_and_regex_characters_are_literal() -> None:
    p = compile_pattern("/a**b")
    assert p.matches("/a-anything-b")
    q = compile_pattern("/x.y(z)*")
    assert q.matches("/x.y(z)/more") and not q.matches("/xzy(z)")


def test_extension_pattern_ignores_case_and_query() -> None:
    p = extension_pattern("*.JPG")
    assert p is not None
    assert p.matches("/photos/a.jpg") and p.matches("/a.JPG?size=2") and not p.matches("/a.jpgx")
    assert extension_pattern("/images/*.jpg") is None and extension_pattern("*") is None


_URL_PIECES = list("ab/?#%&=;:@.~-_ é*$+[]") + ["%2F", "%7e", "%C3%A9", "//", "\t", "\\", "://"]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["http://", "HTTPS://", " http://", "x:", "", "1a://", "a+b://"]),
       st.sampled_from(["h", "h:80", "u@h", "h.com", "", "[::1]"]),
       st.lists(st.sampled_from(_URL_PIECES), max_size=12).map("".join))
def test_fast_url_path_equals_urlsplit(scheme: str, host: str, rest: str) -> None:
    url = scheme + host + rest
    try:
        expected = url_path_of(urlsplit(url))
    except ValueError:
        return
    assert url_path(url) == expected
