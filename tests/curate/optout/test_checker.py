"""OptOutChecker end to end: site files on disk, document headers and meta tags, a user list."""

from pathlib import Path

import pytest

from clearance.curate.optout import OptOutChecker, OptOutResult, Signal, content_hash
from clearance.curate.optout.checker import media_of
from clearance.documents import Document
from clearance.io import InputError

ROBOTS = """User-agent: *
Disallow: /admin

User-agent: GPTBot
Disallow: /articles/
Allow: /articles/free/
Content-Usage: /blog/ train-ai=n, search=y
Content-Usage: /blog/ok/ train-ai=y
"""
AI_TXT = "User-Agent: *\nDisallow: *.jpg\nDisallow: *.txt\n"
TDMREP = '[\n {"location": "/reserved/*", "tdm-reservation": 1, "tdm-policy": "https://example.com/p"},\n' \
         ' {"location": "/", "tdm-reservation": 0}\n]\n'


@pytest.fixture
def sites(tmp_path: Path) -> Path:
    root = tmp_path / "sites"
    (root / "example.com" / ".well-known").mkdir(parents=True)
    (root / "example.com" / "robots.txt").write_text(ROBOTS)
    (root / "example.com" / "ai.txt").write_text(AI_TXT)
    (root / "example.com" / ".well-known" / "tdmrep.json").write_text(TDMREP)
    (root / "news.org").mkdir()
    (root / "news.org" / "robots.txt").write_text("User-agent: *\nContent-Signal: search=yes, ai-train=no\nAllow: /\n")
    (root / "broken.net").mkdir()
    (root / "broken.net" / "robots.txt").write_text("<html><body>404</body></html>")
    (root / "badtdm.net" / ".well-known").mkdir(parents=True)
    (root / "badtdm.net" / ".well-known" / "tdmrep.json").write_text('[{"location": "/"}]')
    return root


def doc(url: str | None, text: str = "Some text.", **meta) -> Document:
    return Document(id="d", text=text, url=url, author=meta.pop("author", None), meta=meta)


def kinds(result: OptOutResult) -> list[str]:
    return [s.kind for s in result.signals]


def test_clean_document_has_no_signals(sites: Path) -> None:
    result = OptOutChecker(sites).check(doc("https://example.com/articles/free/1"))
    assert result == OptOutResult(False, [])


def test_robots_disallow_for_a_training_agent(sites: Path) -> None:
    result = OptOutChecker(sites).check(doc("https://example.com/articles/paid"))
    assert result.opted_out and kinds(result) == ["robots"]
    signal = result.signals[0]
    assert signal.source.endswith("example.com/robots.txt:5") and signal.detail == "GPTBot: Disallow: /articles/"
    assert signal.applies_to == "all"


def test_star_group_counts_for_agents_without_their_own_group(sites: Path) -> None:
    result = OptOutChecker(sites).check(doc("https://example.com/admin/panel"))
    assert result.opted_out
    (signal,) = result.signals
    assert "CCBot" in signal.detail and "ClaudeBot" in signal.detail and "GPTBot" not in signal.detail


def test_configured_agents_decide_whose_rules_count(sites: Path) -> None:
    only_ccbot = OptOutChecker(sites, agents=["CCBot"])
    assert not only_ccbot.check(doc("https://example.com/articles/paid")).opted_out
    assert only_ccbot.check(doc("https://example.com/admin")).opted_out
    with pytest.raises(ValueError):
        OptOutChecker(sites, agents=[])
    with pytest.raises(ValueError):
        OptOutChecker(sites, agents=["*"])


def test_site_files_are_per_host(sites: Path) -> None:
    checker = OptOutChecker(sites)
    assert not checker.check(doc("https://www.example.com/admin")).opted_out
    assert checker.check(doc("https://EXAMPLE.com:8443/admin")).opted_out  # host lower-cased, port ignored


def test_robots_content_usage_longest_path_wins_and_disallowed_paths_have_none(sites: Path) -> None:
    checker = OptOutChecker(sites)
    result = checker.check(doc("https://example.com/blog/post"))
    assert result.opted_out and kinds(result) == ["content-usage"]
    assert "train-ai=n" in result.signals[0].detail and result.signals[0].source.endswith("robots.txt:7")
    assert not checker.check(doc("https://example.com/blog/ok/post")).opted_out


def test_cloudflare_content_signal(sites: Path) -> None:
    result = OptOutChecker(sites).check(doc("https://news.org/story"))
    assert result.opted_out and kinds(result) == ["content-usage"] and "ai-train=no" in result.signals[0].detail


def test_ai_txt_file_types_apply_to_their_media(sites: Path) -> None:
    checker = OptOutChecker(sites)
    image = checker.check(doc("https://example.com/gallery/cat.jpg"))
    assert image.opted_out and image.signals[0].kind == "ai.txt" and image.signals[0].applies_to == "images"
    text_file = checker.check(doc("https://example.com/notes/readme.txt"))
    assert text_file.opted_out and text_file.signals[0].applies_to == "text"
    assert not checker.check(doc("https://example.com/page")).opted_out


def test_tdmrep_json_first_matching_location(sites: Path) -> None:
    checker = OptOutChecker(sites)
    result = checker.check(doc("https://example.com/reserved/book"))
    assert result.opted_out and kinds(result) == ["tdmrep"]
    assert result.signals[0].source.endswith("tdmrep.json:2") and "https://example.com/p" in result.signals[0].detail
    assert not checker.check(doc("https://example.com/open/book")).opted_out  # reservation 0


def test_document_headers_and_meta_tags() -> None:
    checker = OptOutChecker()
    tdm = checker.check(doc("https://x.org/a", http_headers={"tdm-reservation": "1", "tdm-policy": "https://x.org/p"}))
    assert tdm.opted_out and tdm.signals[0] == Signal("tdmrep", "http header tdm-reservation",
                                                      "tdm-reservation: 1, tdm-policy https://x.org/p")
    assert not checker.check(doc("https://x.org/a", http_headers={"tdm-reservation": "0"})).opted_out
    assert not checker.check(doc("https://x.org/a", http_headers={"tdm-reservation": "yes"})).opted_out
    meta_tdm = checker.check(doc(None, html_meta=[["tdm-reservation", "1"]]))
    assert meta_tdm.opted_out and meta_tdm.signals[0].source == "html meta tdm-reservation"
    usage = checker.check(doc("https://x.org/a", http_headers={"Content-Usage": "train-ai=n"}))
    assert usage.opted_out and kinds(usage) == ["content-usage"]
    assert not checker.check(doc("https://x.org/a", http_headers={"content-usage": "search=n, ai-use=n"})).opted_out
    equiv = checker.check(doc(None, html_meta=[["content-usage", "train-genai=n"]]))
    assert equiv.opted_out


def test_noai_and_noimageai() -> None:
    checker = OptOutChecker()
    noai = checker.check(doc("https://x.org/a", html_meta=[["robots", "index, follow, noai"]]))
    assert noai.opted_out and noai.signals == [Signal("noai", "html meta robots", "noai", "all")]
    header = checker.check(doc("https://x.org/a", http_headers={"X-Robots-Tag": "noai"}))
    assert header.opted_out and header.signals[0].source == "http header x-robots-tag"
    # noimageai covers images only: reported for a text, but the text stays in
    images_only = checker.check(doc("https://x.org/a", html_meta=[["robots", "noimageai"]]))
    assert not images_only.opted_out and images_only.signals[0].applies_to == "images"
    assert checker.check(doc("https://x.org/pic.PNG", html_meta=[["robots", "noimageai"]])).opted_out
    assert checker.check(doc("https://x.org/i", http_headers={"content-type": "image/webp",
                                                                "x-robots-tag": "noimageai"})).opted_out


def test_noai_addressed_to_one_crawler_counts_only_for_checked_agents() -> None:
    checker = OptOutChecker()
    assert checker.check(doc(None, html_meta=[["gptbot", "noai"]])).opted_out
    assert checker.check(doc(None, http_headers={"x-robots-tag": "GPTBot: noai"})).opted_out
    assert not checker.check(doc(None, http_headers={"x-robots-tag": "PerplexityBot: noai"})).opted_out
    assert not checker.check(doc(None, html_meta=[["somebot", "noai"]])).opted_out
    assert OptOutChecker(agents=["PerplexityBot"]).check(
        doc(None, http_headers={"x-robots-tag": "perplexitybot: noai"})).opted_out


def test_user_list_signals(tmp_path: Path) -> None:
    listed = tmp_path / "optout.txt"
    listed.write_text(f"domain: blocked.org\nurl: https://x.org/private/\nauthor: Jane Doe\nhash: {content_hash('Secret  text')}\n")
    checker = OptOutChecker(user_list=listed)
    assert kinds(checker.check(doc("https://sub.blocked.org/a"))) == ["user-list"]
    assert checker.check(doc("https://x.org/private/1")).signals[0].source == f"{listed}:2"
    assert checker.check(doc("https://x.org/b", author="jane  DOE")).opted_out
    assert checker.check(doc(None, text="Secret text")).signals[0].detail.startswith("content hash")
    assert not checker.check(doc("https://x.org/public", author="John")).opted_out
    given = checker.check(doc(None, text="other text"), text_hash=content_hash("Secret text"))
    assert given.opted_out  # a hash the caller computed is used as given


def test_several_signals_are_all_reported(tmp_path: Path, sites: Path) -> None:
    listed = tmp_path / "l.toml"
    listed.write_text('domains = ["example.com"]\n')
    result = OptOutChecker(sites, listed).check(
        doc("https://example.com/reserved/x", http_headers={"x-robots-tag": "noai"}))
    assert kinds(result) == ["user-list", "tdmrep", "noai"]


def test_bad_site_files_raise_input_error_every_time_for_that_host_only(sites: Path) -> None:
    checker = OptOutChecker(sites)
    for _ in range(2):
        with pytest.raises(InputError) as err:
            checker.check(doc("https://broken.net/a"))
        assert err.value.path.endswith("broken.net/robots.txt") and err.value.line == 1
    with pytest.raises(InputError) as err:
        checker.check(doc("https://badtdm.net/a"))
    assert err.value.path.endswith("tdmrep.json") and err.value.line == 1 and "tdm-reservation" in err.value.reason
    assert not checker.check(doc("https://example.com/fine")).opted_out


def test_missing_sites_dir_and_user_list_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="sites directory"):
        OptOutChecker(tmp_path / "nope")
    with pytest.raises(InputError, match="cannot read"):
        OptOutChecker(user_list=tmp_path / "nope.txt")


def test_odd_urls_mean_no_site_signals(sites: Path) -> None:
    checker = OptOutChecker(sites)
    for url in [None, "", "not a url", "file:///etc/passwd", "http://../robots", "http://[::1]/admin"]:
        assert not checker.check(doc(url)).opted_out


def test_international_host_uses_its_punycode_directory(sites: Path) -> None:
    (sites / "xn--bcher-kva.example").mkdir()
    (sites / "xn--bcher-kva.example" / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    assert OptOutChecker(sites).check(doc("https://Bücher.example/buch")).opted_out


def test_malformed_meta_values_carry_no_signal() -> None:
    checker = OptOutChecker()
    assert not checker.check(doc("https://x.org/a", http_headers="noai", html_meta={"robots": "noai"})).opted_out
    assert not checker.check(doc("https://x.org/a", html_meta=[["robots"], ["robots", None], "noai"])).opted_out


def test_cache_is_bounded_and_stays_correct(sites: Path) -> None:
    checker = OptOutChecker(sites, cache_size=1)
    for _ in range(3):
        assert checker.check(doc("https://example.com/admin")).opted_out
        assert checker.check(doc("https://news.org/a")).opted_out
        assert not checker.check(doc("https://other.org/a")).opted_out
    assert len(checker.sites._cache) == 1


def test_signal_and_result_json_round_trip() -> None:
    signal = Signal("ai.txt", "sites/h/ai.txt:2", "*: Disallow: *.jpg", "images")
    assert Signal.from_json(signal.to_json()) == signal
    assert OptOutResult(True, [signal]).to_json() == {"opted_out": True, "signals": [signal.to_json()]}
    with pytest.raises(ValueError):
        Signal.from_json({"kind": "bogus"})


def test_media_of() -> None:
    assert media_of("https://x/a.jpeg") == "images" and media_of("https://x/a.jpeg/page") == "text"
    assert media_of(None, {"format": "image"}) == "images" and media_of("https://x/a.html") == "text"
