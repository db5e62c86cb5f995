"""robots.txt parsing and matching: RFC 9309 groups, precedence, longest match, bad files."""

import pytest

from clearance.curate.optout.patterns import url_path
from clearance.curate.optout.robots import parse_robots, product_token
from clearance.io import InputError


def allowed(robots: str, agent: str, url_or_path: str) -> bool:
    path = url_path(url_or_path) if "://" in url_or_path else url_path("http://h" + url_or_path)
    return parse_robots(robots, "robots.txt").ruleset(agent).allowed(path)


@pytest.mark.parametrize(
    ("value", "token"),
    [("GPTBot", "gptbot"), ("GPTBot/1.1", "gptbot"), ("  ClaudeBot  ", "claudebot"), ("*", "*"),
     ("Google-Extended", "google-extended"), ("Mozilla/5.0 (compatible)", "mozilla"), ("/weird", "")],
)
def test_product_token(value: str, token: str) -> None:
    assert product_token(value) == token


def test_agent_match_is_case_insensitive_and_uses_product_token() -> None:
    robots = "User-agent: gptbot/1.0\nDisallow: /\n"
    assert not allowed(robots, "GPTBot", "/page")
    assert not allowed(robots, "GPTBOT/2.0", "/page")
    assert allowed(robots, "CCBot", "/page")


def test_named_group_replaces_star_group() -> None:
    robots = "User-agent: *\nDisallow: /\n\nUser-agent: GPTBot\nAllow: /\nDisallow: /private\n"
    assert allowed(robots, "GPTBot", "/public")  # its own group, not *'s Disallow: /
    assert not allowed(robots, "GPTBot", "/private/x")
    assert not allowed(robots, "CCBot", "/public")  # no group of its own: falls back to *


def test_token_is_not_matched_as_a_prefix_or_substring() -> None:
    robots = "User-agent: GPTBot-Extra\nDisallow: /\n\nUser-agent: Bot\nDisallow: /\n"
    assert allowed(robots, "GPTBot", "/x")
    assert allowed(robots, "ClaudeBot", "/x")


def test_groups_naming_the_same_agent_are_merged() -> None:
    robots = "User-agent: GPTBot\nDisallow: /a\n\nUser-agent: CCBot\nDisallow: /c\n\nuser-agent: gptbot\nDisallow: /b\n"
    assert not allowed(robots, "GPTBot", "/a/1") and not allowed(robots, "GPTBot", "/b/1")
    assert allowed(robots, "GPTBot", "/c/1")


def test_consecutive_user_agent_lines_share_a_group_and_a_rule_closes_it() -> None:
    robots = "User-agent: GPTBot\nUser-agent: CCBot\nDisallow: /shared\nUser-agent: ClaudeBot\nDisallow: /own\n"
    assert not allowed(robots, "CCBot", "/shared") and not allowed(robots, "GPTBot", "/shared")
    assert allowed(robots, "GPTBot", "/own") and not allowed(robots, "ClaudeBot", "/own")
    assert allowed(robots, "ClaudeBot", "/shared")


def test_blank_lines_and_other_records_do_not_split_groups() -> None:
    robots = "User-agent: GPTBot\n\nSitemap: https://h/s.xml\nCrawl-delay: 4\n\nDisallow: /x\n"
    assert not allowed(robots, "GPTBot", "/x")


def test_crawl_delay_ends_the_user_agent_lines_of_a_group() -> None:
    robots = "User-agent: *\nCrawl-delay: 6\n\nUser-agent: CCBot\nDisallow: /\n"
    assert allowed(robots, "GPTBot", "/x")  # the Disallow is CCBot's, not also *'s
    assert not allowed(robots, "CCBot", "/x")
    # Sitemap is outside groups and does not end them
    assert not allowed("User-agent: *\nSitemap: https://h/s.xml\nUser-agent: CCBot\nDisallow: /\n", "GPTBot", "/x")


def test_longest_match_wins_either_way() -> None:
    robots = "User-agent: *\nDisallow: /folder\nAllow: /folder/page\nDisallow: /folder/page/secret\n"
    assert not allowed(robots, "GPTBot", "/folder/other")
    assert allowed(robots, "GPTBot", "/folder/page")
    assert not allowed(robots, "GPTBot", "/folder/page/secret/1")
    # order in the file does not matter
    reordered = "User-agent: *\nDisallow: /folder/page/secret\nAllow: /folder/page\nDisallow: /folder\n"
    assert allowed(reordered, "GPTBot", "/folder/page") and not allowed(reordered, "GPTBot", "/folder/x")


def test_equal_length_tie_allows() -> None:
    robots = "User-agent: *\nDisallow: /page\nAllow: /page\n"
    assert allowed(robots, "GPTBot", "/page")
    robots = "User-agent: *\nAllow: /pag*\nDisallow: /page\n"  # both 5 octets long
    assert allowed(robots, "GPTBot", "/page")


def test_wildcards_and_end_anchor_in_rules() -> None:
    robots = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?session=\nAllow: /public/*.pdf$\n"
    assert not allowed(robots, "GPTBot", "/docs/report.pdf")
    assert allowed(robots, "GPTBot", "/docs/report.pdf?download=1")
    assert allowed(robots, "GPTBot", "/public/report.pdf")  # longer pattern wins
    assert not allowed(robots, "GPTBot", "/cart?session=123")
    assert allowed(robots, "GPTBot", "/cart")


def test_empty_disallow_allows_everything_and_rules_need_a_group() -> None:
    assert allowed("User-agent: *\nDisallow:\n", "GPTBot", "/anything")
    parsed = parse_robots("Disallow: /\nUser-agent: *\nAllow: /\n", "robots.txt")
    assert parsed.ruleset("GPTBot").allowed("/x")
    assert any("before any user-agent" in note for _, note in parsed.notes)


def test_percent_encoding_is_normalized_on_both_sides() -> None:
    robots = "User-agent: *\nDisallow: /caf%C3%A9\nDisallow: /%7Ejoe\nDisallow: /a%2fb\n"
    assert not allowed(robots, "GPTBot", "http://h/café/menu")
    assert not allowed(robots, "GPTBot", "http://h/caf%c3%a9")
    assert not allowed(robots, "GPTBot", "http://h/~joe/x")
    assert not allowed(robots, "GPTBot", "http://h/a%2Fb")
    assert allowed(robots, "GPTBot", "http://h/a/b")  # an escaped slash is not a slash


def test_paths_are_case_sensitive_keys_are_not() -> None:
    robots = "USER-AGENT: *\ndisallow: /Private\n"
    assert not allowed(robots, "GPTBot", "/Private")
    assert allowed(robots, "GPTBot", "/private")


def test_common_misspellings_comments_crlf_and_bom() -> None:
    robots = "\ufeffUser-agent: * # everyone\r\nDissallow: /x # no\r\nuseragent: GPTBot\r\n"
    assert not allowed(robots, "CCBot", "/x")


def test_query_is_part_of_the_matched_path() -> None:
    robots = "User-agent: *\nDisallow: /search?q=\n"
    assert not allowed(robots, "GPTBot", "/search?q=cats")
    assert allowed(robots, "GPTBot", "/search")


def test_lines_without_colon_are_ignored_and_noted() -> None:
    parsed = parse_robots("User-agent: *\nDisallow /x\nDisallow: /y\n", "r.txt")
    assert parsed.ruleset("GPTBot").allowed("/x") and not parsed.ruleset("GPTBot").allowed("/y")
    assert parsed.notes[0][0] == 2


def test_html_page_saved_as_robots_is_an_error_naming_the_file() -> None:
    with pytest.raises(InputError) as err:
        parse_robots(b"\n  <!DOCTYPE html><html><body>Not found</body></html>", "sites/h/robots.txt")
    assert err.value.path == "sites/h/robots.txt" and err.value.line == 1
    assert "HTML" in err.value.reason


def test_binary_and_non_utf8_lines_are_errors_with_line_numbers() -> None:
    with pytest.raises(InputError) as err:
        parse_robots(b"User-agent: *\nDisallow: /a\x00b\n", "r.txt")
    assert err.value.line == 2
    with pytest.raises(InputError) as err:
        parse_robots(b"User-agent: *\n\nDisallow: /caf\xe9\n", "r.txt")
    assert err.value.line == 3 and "UTF-8" in err.value.reason
    # latin-1 inside a comment is tolerated: only the part before '#' must be UTF-8
    assert not parse_robots(b"# caf\xe9\nUser-agent: *\nDisallow: /x\n", "r.txt").ruleset("a").allowed("/x")


def test_content_usage_lines_are_kept_with_their_group() -> None:
    robots = (
        "User-Agent: *\nAllow: /\nDisallow: /never/\nContent-Usage: / train-ai=n\n"
        "Content-Usage: /ai-ok/ train-ai=y\n\nUser-Agent: ExampleBot\nAllow: /\nContent-Usage: / train-ai=y\n"
    )
    parsed = parse_robots(robots, "r.txt")
    star = parsed.ruleset("GPTBot")
    assert [u.value for u in star.usage_for("/test")] == ["train-ai=n"]
    assert [u.value for u in star.usage_for("/ai-ok/test")] == ["train-ai=y"]
    assert [u.value for u in parsed.ruleset("examplebot").usage_for("/test")] == ["train-ai=y"]


def test_content_usage_without_path_and_identical_paths_both_returned() -> None:
    parsed = parse_robots("User-agent: *\nContent-Usage: train-ai=n\nContent-Usage: /  \t search=y\n", "r.txt")
    values = sorted(u.value for u in parsed.ruleset("x").usage_for("/a"))
    assert values == ["search=y", "train-ai=n"]


def test_agents_sharing_star_group_share_one_ruleset() -> None:
    parsed = parse_robots("User-agent: *\nDisallow: /\nUser-agent: GPTBot\nDisallow: /g\n", "r.txt")
    assert parsed.ruleset("CCBot") is parsed.ruleset("ClaudeBot")
    assert parsed.ruleset("GPTBot") is not parsed.ruleset("CCBot")


def test_ai_txt_file_type_rules() -> None:
    ai = "User-Agent: *\nDisallow: *.jpg\nDisallow: *.txt\nAllow: /\n"
    parsed = parse_robots(ai, "ai.txt", file_types=True)
    rs = parsed.ruleset("GPTBot")
    assert not rs.allowed("/gallery/cat.JPG") and not rs.allowed("/notes/readme.txt")
    assert rs.allowed("/article/1") and rs.allowed("/a.jpgx")
