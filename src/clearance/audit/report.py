"""Audit reports in three forms from one structure: Markdown, self-contained HTML, and JSON.

A ``Report`` is a title, key facts, warnings, and sections of paragraphs, tables and figures. The
Markdown links figures as PNG files written beside it; the HTML embeds them as base64 data URIs with
inline CSS, so the one file can be mailed or archived alone; the JSON is the caller's own data (stable
field names) plus the title and warnings. Every audit command (mia, extract, dataset-inference, traps)
renders through here.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from clearance.io.atomic import write_bytes_atomic


@dataclass(slots=True)
class Table:
    columns: list[str]
    rows: list[list[str]]
    #: One of "left", "right", "center" per column; numbers read best right-aligned.
    align: list[str] | None = None


@dataclass(slots=True)
class Figure:
    """A PNG image; ``name`` is its file name beside the Markdown report (e.g. ``roc.png``)."""

    name: str
    png: bytes
    caption: str = ""


@dataclass(slots=True)
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    #: Preformatted text (extracted passages, command lines): shown verbatim, escaped.
    blocks: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    #: The machine-readable result; ``to_json`` adds title and warnings.
    data: dict[str, Any] = field(default_factory=dict)

    def figures(self) -> list[Figure]:
        return [fig for section in self.sections for fig in section.figures]


# -- formatting helpers shared by every audit report ------------------------------------------------

def fmt_num(value: float | None, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def fmt_ci(value: float | None, ci: Sequence[float] | None, digits: int = 3, *,
           missing: str = "not estimable") -> str:
    """``0.912 [0.881, 0.940]``, or ``missing`` when the value could not be estimated."""
    if value is None:
        return missing
    if ci is None:
        return fmt_num(value, digits)
    return f"{fmt_num(value, digits)} [{fmt_num(ci[0], digits)}, {fmt_num(ci[1], digits)}]"


def fmt_pct(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{100 * value:.{digits}f}%"


# -- figures ----------------------------------------------------------------------------------------

def roc_figure(curves: Sequence[tuple[str, np.ndarray, np.ndarray]], *, title: str = "ROC") -> bytes:
    """ROC curves as a PNG: linear axes beside log-log axes (the low-FPR corner is where membership
    evidence lives; Carlini et al. 2022). ``curves`` holds (label, fpr, tpr)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(11, 4.8), dpi=100)
    linear, loglog = fig.subplots(1, 2)
    # The log axes start half a step below the smallest FPR the data can show (1 / non-members).
    smallest = min((float(fpr[fpr > 0].min()) for _, fpr, _ in curves if np.any(fpr > 0)), default=1e-3)
    floor = max(1e-6, smallest / 2)
    for label, fpr, tpr in curves:
        linear.plot(fpr, tpr, label=label, linewidth=1.4)
        loglog.plot(np.maximum(fpr, floor), np.maximum(tpr, floor), label=label, linewidth=1.4)
    for ax, low in ((linear, 0.0), (loglog, floor)):
        ax.plot([low, 1], [low, 1], color="grey", linestyle=":", linewidth=1, label="chance")
        ax.set_xlabel("false-positive rate")
        ax.set_ylabel("true-positive rate")
        ax.grid(alpha=0.3)
    linear.set_xlim(0, 1)
    linear.set_ylim(0, 1)
    loglog.set_xscale("log")
    loglog.set_yscale("log")
    loglog.set_xlim(floor, 1)
    loglog.set_ylim(floor, 1)
    linear.set_title(title)
    loglog.set_title(f"{title} (log-log)")
    loglog.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def bar_figure(labels: Sequence[str], values: Sequence[float], *, title: str, ylabel: str,
               errors: Sequence[tuple[float, float]] | None = None) -> bytes:
    """A bar chart as a PNG (rates with intervals: extraction by repeat count, for example)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(6.5, 4), dpi=100)
    ax = fig.subplots()
    positions = np.arange(len(labels))
    yerr = None
    if errors is not None:
        yerr = np.array([[max(0.0, v - lo) for v, (lo, _) in zip(values, errors)],
                         [max(0.0, hi - v) for v, (_, hi) in zip(values, errors)]])
    ax.bar(positions, values, yerr=yerr, capsize=4, color="#4878a8")
    ax.set_xticks(positions, labels)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


# -- rendering --------------------------------------------------------------------------------------

def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(table: Table) -> str:
    align = table.align or ["left"] * len(table.columns)
    rule = {"left": ":---", "right": "---:", "center": ":---:"}
    lines = ["| " + " | ".join(_md_cell(c) for c in table.columns) + " |",
             "| " + " | ".join(rule.get(a, "---") for a in align) + " |"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


def to_markdown(report: Report) -> str:
    out = [f"# {report.title}", ""]
    if report.facts:
        out += [f"- **{name}**: {value}" for name, value in report.facts] + [""]
    for warning in report.warnings:
        out += [f"> **Warning:** {warning}", ""]
    for section in report.sections:
        out += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            out += [paragraph, ""]
        for table in section.tables:
            out += [_md_table(table), ""]
        for block in section.blocks:
            fence = "````" if "```" in block else "```"
            out += [fence, block, fence, ""]
        for fig in section.figures:
            out += [f"![{fig.caption or fig.name}]({fig.name})", ""]
            if fig.caption:
                out += [f"*{fig.caption}*", ""]
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#1d1d1f;line-height:1.5}
h1{font-size:1.6em;border-bottom:2px solid #ddd;padding-bottom:.3em}h2{font-size:1.25em;margin-top:1.8em}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.35em .7em}
th{background:#f3f3f6}td.right{text-align:right;font-variant-numeric:tabular-nums}td.center{text-align:center}
.warning{background:#fff4e5;border-left:5px solid #e08a00;padding:.7em 1em;margin:1em 0}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}dl.facts dt{font-weight:600}
dl.facts dd{margin:0}pre{background:#f6f6f8;padding:.8em;overflow-x:auto;white-space:pre-wrap}
figure{margin:1em 0}figure img{max-width:100%}figcaption{color:#555;font-size:.9em}
"""


def _html_table(table: Table) -> str:
    align = table.align or ["left"] * len(table.columns)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    rows = []
    for row in table.rows:
        cells = "".join(f'<td class="{a}">{html.escape(str(c))}</td>' for c, a in zip(row, align))
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def to_html(report: Report) -> str:
    """One self-contained page: inline CSS, figures as data URIs, no external request of any kind."""
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{esc(report.title)}</title><style>{_CSS}</style></head><body>", f"<h1>{esc(report.title)}</h1>"]
    if report.facts:
        out.append('<dl class="facts">' + "".join(f"<dt>{esc(n)}</dt><dd>{esc(v)}</dd>" for n, v in report.facts)
                   + "</dl>")
    for warning in report.warnings:
        out.append(f'<div class="warning"><strong>Warning:</strong> {esc(warning)}</div>')
    for section in report.sections:
        out.append(f"<h2>{esc(section.title)}</h2>")
        out += [f"<p>{esc(p)}</p>" for p in section.paragraphs]
        out += [_html_table(t) for t in section.tables]
        out += [f"<pre>{esc(b)}</pre>" for b in section.blocks]
        for fig in section.figures:
            data = base64.b64encode(fig.png).decode("ascii")
            caption = f"<figcaption>{esc(fig.caption)}</figcaption>" if fig.caption else ""
            out.append(f'<figure><img alt="{esc(fig.caption or fig.name)}" src="data:image/png;base64,{data}">'
                       f"{caption}</figure>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _finite(value: Any) -> Any:
    """NaN and infinities become null: JSON has no spelling for them."""
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def to_json(report: Report) -> str:
    payload = {"title": report.title, "warnings": list(report.warnings), **report.data}
    return json.dumps(_finite(payload), indent=2, default=_json_default, ensure_ascii=False) + "\n"


def write_report(report: Report, out_dir: Path, stem: str = "report") -> dict[str, Path]:
    """``stem``.md, .html and .json plus every figure's PNG in ``out_dir``, each written whole or not at all."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for fig in report.figures():
        path = out_dir / fig.name
        write_bytes_atomic(path, fig.png)
        written[fig.name] = path
    for kind, render in (("md", to_markdown), ("html", to_html), ("json", to_json)):
        path = out_dir / f"{stem}.{kind}"
        write_bytes_atomic(path, render(report).encode("utf-8"))
        written[kind] = path
    return written
