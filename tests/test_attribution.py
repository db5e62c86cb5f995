"""Decisions, redaction and attribution pages on the bundled demo corpus, against golden files.

Set CLEARANCE_UPDATE_GOLDEN=1 to rewrite the golden pages after an intended change; review the diff.
"""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import subprocess
from pathlib import Path

import orjson
import pytest
from conftest import run_cli

from clearance.cli.demo_cmd import demo_documents, demo_outputs
from clearance.guard import check
from clearance.guard.render import render
from clearance.index import Index, build_index
from clearance.policy import load_policy

GOLDEN = Path(__file__).parent / "golden"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "index"
    build_index(demo_documents(), path)
    return path


@pytest.fixture(scope="module")
def code_results(demo_index: Path):  # noqa: ANN201
    outputs = demo_outputs()
    with Index(demo_index) as index:
        results = [check(index, o["text"], id=o["id"], policy=load_policy("code"), do_redact=True) for o in outputs]
    return results, [o["text"] for o in outputs]


def test_code_policy_decides_each_demo_output(code_results) -> None:  # noqa: ANN001
    results, _ = code_results
    decisions = {r.id: r.decision for r in results}
    assert decisions["clean-original"] == "allow"
    assert decisions["verbatim-permissive-code"] == "attribute"
    assert decisions["renamed-copyleft-code"] == "block"
    blocked = next(r for r in results if r.id == "renamed-copyleft-code")
    assert [f["rule"] for f in blocked.rules_fired()][0] == "copyleft code"
    assert "[removed: reproduces “lazr/uri/_uri.py (lazr.uri 1.0.6)” by Canonical Ltd. (lazr-uri, LGPL-3.0-only)]" in blocked.redacted
    work = next(r for r in results if r.id == "verbatim-permissive-code").attribution[0]
    assert (work.spdx, work.license_name, work.copyright) == ("Apache-2.0", "Apache License 2.0", "Copyright 2019 Kenneth Reitz")
    assert "Licensed under the Apache License, Version 2.0" in work.notice.license_text


@pytest.mark.parametrize("fmt, suffix", [("markdown", "md"), ("html", "html"), ("json", "json")])
def test_attribution_pages_match_golden_files(code_results, fmt: str, suffix: str) -> None:  # noqa: ANN001
    results, texts = code_results
    page = render(results, fmt, texts)
    golden = GOLDEN / f"demo-code-policy.{suffix}"
    if os.environ.get("CLEARANCE_UPDATE_GOLDEN") == "1":
        golden.write_text(page, encoding="utf-8")
    assert page == golden.read_text(encoding="utf-8"), f"golden {golden.name} differs; rerun with CLEARANCE_UPDATE_GOLDEN=1 and review"


class _Checker(html.parser.HTMLParser):
    """Balanced tags, no external resources, and the text a reader sees."""

    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "srcset") or (tag == "link" and name == "href"):
                self.external.append(f"{tag} {name}={value}")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_page_is_self_contained_and_well_formed() -> None:
    page = (GOLDEN / "demo-code-policy.html").read_text(encoding="utf-8")
    checker = _Checker()
    checker.feed(page)
    assert checker.stack == [] and checker.external == []
    assert not re.search(r"url\(|@import|<script", page)
    seen = "".join(checker.text)
    for expected in ("requests/utils.py (Requests 2.34.2)", "Apache License 2.0", "Copyright 2019 Kenneth Reitz",
                     "lazr/uri/_uri.py", "GNU Lesser General Public License v3.0 only", "copyleft code"):
        assert expected in seen


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (Debian package 'chromium') is not installed")
def test_html_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    shutil.copy(GOLDEN / "demo-code-policy.html", page)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Works to credit" in dom.stdout and "Licensed under the Apache License" in dom.stdout


def test_check_cli_redacts_and_exits_by_decision(demo_index: Path, code_results, tmp_path: Path) -> None:  # noqa: ANN001
    output = next(o for o in demo_outputs() if o["id"] == "renamed-copyleft-code")
    path = tmp_path / "out.txt"
    path.write_text(output["text"], encoding="utf-8")
    plain = run_cli("check", str(path), "--index", str(demo_index), "--policy", "code", "--format", "json")
    assert plain.returncode == 1
    data = orjson.loads(plain.stdout)
    assert data["decision"] == "block" and data["policy"] == "code"
    assert data["rules_fired"][0]["rule"] == "copyleft code"
    page = tmp_path / "page.md"
    redacted = run_cli("check", str(path), "--index", str(demo_index), "--policy", "code", "--redact", "--page", str(page))
    assert "[removed: reproduces “lazr/uri/_uri.py" in redacted.stdout
    expected = next(r for r in code_results[0] if r.id == "renamed-copyleft-code").after_redaction
    assert expected in ("attribute", "allow", "block")
    assert redacted.returncode == (1 if expected == "block" else 0)
    assert redacted.stdout.strip() == next(r for r in code_results[0] if r.id == "renamed-copyleft-code").redacted.strip()
    assert "## Attribution" in page.read_text(encoding="utf-8")
    allowed = run_cli("check", str(path), "--index", str(demo_index), "--policy", "prose")
    assert allowed.returncode == 0, allowed.stderr
    bad = run_cli("check", str(path), "--index", str(demo_index), "--policy", str(tmp_path / "missing.toml"))
    assert bad.returncode == 2 and "not a shipped profile" in bad.stderr


def test_copyright_line_is_found_in_the_work_and_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clearance.documents import Document

    body = "\n".join(f"def helper_{i}(value, other):\n    return value * {i} + other - {i * 7}" for i in range(40))
    work = Document("lib", "# Copyright (c) 2020 Foo Bar\n# SPDX-License-Identifier: MIT\n" + body, license="MIT",
                    title="lib.py")
    path = tmp_path / "index"
    build_index([work], path)
    with Index(path) as index:
        reads = []
        original = index.document
        monkeypatch.setattr(index, "document", lambda doc_id: reads.append(doc_id) or original(doc_id))
        for _ in range(2):
            result = check(index, "Here:\n" + body[:1500], policy=load_policy("code"))
            notice = result.attribution[0].notice
            assert notice.text.startswith("Copyright (c) 2020 Foo Bar") and not notice.caveats
        assert reads == ["lib"]
