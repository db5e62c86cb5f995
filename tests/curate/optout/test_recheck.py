"""recheck: which kept documents are opted out now, from manifest fields alone."""

import json
from pathlib import Path

import pytest

from clearance.curate.optout import OptOutChecker, RecheckRow, content_hash, iter_opted_out, opted_out_ids


def test_rows_opted_out_since_the_run(tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    (sites / "example.com").mkdir(parents=True)
    (sites / "example.com" / "robots.txt").write_text("User-agent: GPTBot\nDisallow: /paywall/\n")
    listed = tmp_path / "optout.txt"
    listed.write_text(f"author: Jane Doe\nhash: {content_hash('removed text')}\n")
    checker = OptOutChecker(sites, listed)
    rows = [
        ("keep", "https://example.com/free/1", None, content_hash("fine"), None, None),
        ("robots", "https://example.com/paywall/2", None, None, None, None),
        ("author", None, "JANE DOE", None, None, None),
        ("hash", None, None, content_hash("removed  text"), None, None),
        ("header", "https://x.org/a", None, None, json.dumps({"tdm-reservation": "1"}), ""),
        ("meta", "https://x.org/b", None, None, "", json.dumps([["robots", "noai"]])),
        RecheckRow("imgmeta", "https://x.org/c", html_meta=[["robots", "noimageai"]]),
        RecheckRow("img", "https://x.org/c.jpg", html_meta=[["robots", "noimageai"]]),
        RecheckRow("img-by-media", "https://x.org/c", html_meta=[["robots", "noimageai"]], media="images"),
    ]
    found = opted_out_ids(rows, checker)
    assert [row_id for row_id, _ in found] == ["robots", "author", "hash", "header", "meta", "img", "img-by-media"]
    by_id = dict(found)
    assert by_id["robots"][0].kind == "robots" and by_id["hash"][0].kind == "user-list"
    assert by_id["header"][0].kind == "tdmrep" and by_id["meta"][0].kind == "noai"


def test_iter_opted_out_streams() -> None:
    rows = iter([("a", None, None, None, {"x-robots-tag": "noai"}, None)])
    stream = iter_opted_out(rows, OptOutChecker())
    assert next(stream)[0] == "a"


def test_a_corrupt_stored_field_names_the_row() -> None:
    with pytest.raises(ValueError, match="'r7': headers is not JSON"):
        opted_out_ids([("r7", None, None, None, "{not json", None)], OptOutChecker())
