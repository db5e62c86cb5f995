"""The HTML result page renders in a real browser with no network (headless Chromium)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from clearance.guard.check import judge
from clearance.guard.render import page
from clearance.guard.result import CheckResult
from clearance.matches import Match
from clearance.policy import load_policy

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def sample() -> tuple[CheckResult, str]:
    text = "Intro. It is a truth universally acknowledged, that a single man in possession of a good fortune. <b>&</b>"
    quote = "It is a truth universally acknowledged, that a single man in possession of a good fortune"
    start = text.index(quote)
    m = Match(start=start, end=start + len(quote), doc_id="austen", doc_start=0, doc_end=len(quote), kind="exact",
              score=1.0, tokens=17, count=1, license="CC-PDM-1.0", title="Pride and Prejudice",
              author="Jane Austen", url="https://www.gutenberg.org/ebooks/1342", text=quote)
    return judge(text, [m], load_policy("default")), text


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (Debian package 'chromium') is not installed")
def test_page_renders_offline_in_headless_chromium(tmp_path: Path) -> None:
    result, text = sample()
    html_path = tmp_path / "page.html"
    html_path.write_text(page([result], [text]), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", html_path.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<mark>It is a truth universally acknowledged" in dom.stdout
    assert "Pride and Prejudice" in dom.stdout and "&lt;b&gt;" in dom.stdout
    shot = tmp_path / "page.png"
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1000,700", html_path.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 5000
