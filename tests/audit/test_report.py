"""Reports: the HTML stands alone, the Markdown renders tables safely, the JSON has no NaN."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser

import numpy as np

from clearance.audit import stats
from clearance.audit.report import (
    Figure,
    Report,
    Section,
    Table,
    fmt_ci,
    roc_figure,
    to_html,
    to_json,
    to_markdown,
    write_report,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _report() -> Report:
    rng = np.random.default_rng(0)
    pos, neg = rng.normal(1, 1, 200), rng.normal(0, 1, 300)
    png = roc_figure([("loss", *stats.roc_curve(pos, neg)), ("zlib", *stats.roc_curve(pos * 0.5, neg))])
    section = Section("Results", paragraphs=["Members <b>vs</b> non-members & more."],
                      tables=[Table(["attack", "AUC"], [["a|b", "0.9"], ["<script>", "1.0"]], ["left", "right"])],
                      figures=[Figure("roc.png", png, "ROC curves")], blocks=["verbatim ``` text"])
    return Report("Audit", facts=[("model", "m")], warnings=["shifted <split>"], sections=[section],
                  data={"value": float("nan"), "array": np.arange(3), "nested": {"x": [np.float32(0.5), float("inf")]}})


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]


def test_html_is_self_contained_and_escaped():
    page = to_html(_report())
    parser = _Collector()
    parser.feed(page)
    assert parser.urls and all(url.startswith("data:image/png;base64,") for url in parser.urls)
    png = base64.b64decode(parser.urls[0].split(",", 1)[1])
    assert png.startswith(PNG_MAGIC)
    assert "script" not in parser.tags and "&lt;script&gt;" in page
    assert "<link" not in page and "http" not in page.split("<body>", 1)[1]


def test_markdown_escapes_cells_and_links_figures():
    md = to_markdown(_report())
    assert "| a\\|b | 0.9 |" in md
    assert "| :--- | ---: |" in md
    assert "![ROC curves](roc.png)" in md
    assert "> **Warning:** shifted <split>" in md
    assert "````\nverbatim ``` text\n````" in md


def test_json_is_strict():
    data = json.loads(to_json(_report()))  # would fail on NaN with a strict parser below
    assert data["value"] is None and data["array"] == [0, 1, 2] and data["nested"]["x"] == [0.5, None]
    assert data["warnings"] == ["shifted <split>"]
    json.loads(to_json(_report()), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))


def test_write_report_writes_every_form_atomically(tmp_path):
    written = write_report(_report(), tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["report.html", "report.json", "report.md", "roc.png"]
    assert set(written) == {"md", "html", "json", "roc.png"}
    assert (tmp_path / "out" / "roc.png").read_bytes().startswith(PNG_MAGIC)


def test_fmt_ci_says_not_estimable():
    assert fmt_ci(None, None) == "not estimable"
    assert fmt_ci(0.91234, (0.8, 0.95)) == "0.912 [0.800, 0.950]"
    assert re.fullmatch(r"n/a", fmt_ci(float("nan"), None))
