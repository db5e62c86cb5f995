"""The curator's opt-out list in TOML and plain text."""

from pathlib import Path

import pytest

from clearance.curate.optout.hashing import content_hash, parse_hash
from clearance.curate.optout.userlist import (
    author_names,
    normalize_author,
    parse_text_list,
    parse_toml_list,
    read_user_list,
    url_key,
)
from clearance.io import InputError

H = content_hash("some text")


def test_content_hash_ignores_whitespace_layout_and_unicode_composition() -> None:
    assert content_hash("Hello,\r\n  world\t!") == content_hash(" Hello, world ! ")
    assert content_hash("caf\u00e9") == content_hash("cafe\u0301")
    assert content_hash("Hello") != content_hash("hello")
    assert len(H) == 64 and parse_hash(f"SHA256:{H.upper()}") == H and parse_hash("abc") is None


def test_toml_list_matches_each_kind(tmp_path: Path) -> None:
    text = f'''# my list
domains = ["Example.COM", "*.blog.org."]
urls = ["https://news.site/2024/", "http://Other.site:8080/x"]
authors = ["  Jane   DOE "]
hashes = ["sha256:{H}"]
'''
    listed = parse_toml_list(text, "optout.toml")
    assert len(listed) == 6
    assert listed.match_host("example.com") == ("example.com", 2)
    assert listed.match_host("deep.sub.example.com")[0] == "example.com"
    assert listed.match_host("notexample.com") is None and listed.match_host("example.com.evil") is None
    assert listed.match_host("www.blog.org")[0] == "blog.org"
    assert listed.match_url(url_key("http://NEWS.site/2024/01/a.html")) == ("news.site/2024/", 3)
    assert listed.match_url(url_key("https://news.site/2023/a")) is None
    assert listed.match_url(url_key("http://other.site:8080/xyz"))[1] == 3
    assert listed.match_url(url_key("http://other.site/x")) is None  # a different port is another site
    assert listed.match_author("jane doe") == ("jane doe", 4)
    assert listed.match_author("John Roe; JANE  Doe") == ("jane doe", 4)
    assert listed.match_author("Jane Doerty") is None
    assert listed.hashes[H] == 5


def test_text_list_with_kinds_bare_values_and_comments() -> None:
    text = f"""# comment
domain: example.com   # inline comment
https://site.org/private/
{H}
author: Zoë Smith
hash: sha256:{H}
plain.example.net

url: https://x.org/a#frag-is-kept
"""
    listed = parse_text_list(text, "optout.txt")
    assert listed.match_host("a.example.com")[1] == 2
    assert listed.match_url(url_key("https://site.org/private/1"))[1] == 3
    assert listed.hashes[H] == 4  # the first line naming it
    assert listed.match_author("ZOË  smith")[1] == 5
    assert listed.match_host("plain.example.net")[1] == 7
    assert "x.org" in listed.urls


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("domain: example.com\nJane Doe\n", 2, "cannot tell"),
        ("domain: not a domain\n", 1, "domain"),
        ("\nhash: 1234\n", 2, "SHA-256"),
        ("url: ftp-no-host\n", 1, "URL"),
        ("author:   \n", 1, "empty"),
    ],
)
def test_text_list_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_text_list(text, "list.txt")
    assert (err.value.path, err.value.line) == ("list.txt", line) and fragment in err.value.reason


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('domains = ["a.com"]\nsites = ["b.com"]\n', 2, "unknown key"),
        ('domains = "a.com"\n', 1, "list of strings"),
        ('domains = ["a.com",\n  "bad domain"]\n', 2, "domain"),
        ('authors = ["x"\n', None, "TOML"),
        ('hashes = ["nothex"]\n', 1, "SHA-256"),
    ],
)
def test_toml_list_errors_name_the_line(text: str, line, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_toml_list(text, "list.toml")
    assert fragment in err.value.reason
    if line is not None:
        assert err.value.line == line


def test_read_user_list_picks_format_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "l.toml").write_text('domains = ["a.com"]\n')
    (tmp_path / "l.txt").write_text("a.com\n")
    assert read_user_list(tmp_path / "l.toml").match_host("a.com")
    assert read_user_list(tmp_path / "l.txt").match_host("a.com")
    with pytest.raises(InputError, match="cannot read"):
        read_user_list(tmp_path / "missing.txt")
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="UTF-8"):
        read_user_list(tmp_path / "bin.txt")


def test_author_normalization() -> None:
    assert normalize_author("  ＪＡＮＥ\u00a0 Doe ") == "jane doe"  # NFKC folds full-width letters
    assert author_names("Smith, A. and Jones, B.") == ["smith, a. and jones, b.", "smith", "a.", "jones", "b."]


def test_idn_domains_match_their_punycode() -> None:
    listed = parse_text_list("domain: bücher.example\n", "l.txt")
    assert listed.match_host("www.xn--bcher-kva.example")
    assert listed.match_host("shop.bücher.example")
