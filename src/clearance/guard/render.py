"""Render check results as text, JSON, JSON lines, Markdown or self-contained HTML."""

from __future__ import annotations

import html
from collections.abc import Sequence

import orjson

from clearance.guard.result import CheckResult

FORMATS = ("text", "json", "jsonl", "markdown", "html")


def render(results: Sequence[CheckResult], fmt: str, texts: Sequence[str] | None = None) -> str:
    if fmt == "json":
        data = [r.to_json() for r in results]
        payload = data[0] if len(data) == 1 else data
        return orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n"
    if fmt == "jsonl":
        return "".join(orjson.dumps(r.to_json()).decode() + "\n" for r in results)
    if fmt == "markdown":
        return "\n".join(markdown(r) for r in results)
    if fmt == "html":
        return page(results, texts)
    if fmt == "text":
        return "\n".join(plain(r) for r in results)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _work(a_title: str | None, doc_id: str) -> str:
    return a_title or doc_id


def plain(result: CheckResult) -> str:
    head = f"[{result.id}] " if result.id is not None else ""
    lines = [f"{head}decision: {result.decision} ({len(result.matches)} match(es))"]
    for m in result.matches:
        count = f"{m.count}" if m.count_exact else f"~{m.count}"
        others = [x for x in m.licenses if x != (m.license or "unknown")]
        also = f" (also held under {', '.join(others)})" if others else ""
        lines.append(
            f"  {m.start}-{m.end} ({m.length} chars, {m.kind}, score {m.score:.2f}) <- {m.doc_id} "
            f"{m.doc_start}-{m.doc_end} license={m.license or 'unknown'}{also} in {count} document(s)"
        )
        lines.append(f"    \"{_excerpt(m.text)}\"")
    for a in result.attribution:
        by = f" by {a.author}" if a.author else ""
        lines.append(f"  credit: {_work(a.title, a.doc_id)}{by}, license {a.license or 'unknown'}"
                     + (f", {a.url}" if a.url else ""))
    return "\n".join(lines) + "\n"


def markdown(result: CheckResult) -> str:
    title = f"Check result {result.id}" if result.id is not None else "Check result"
    out = [f"## {title}", "", f"**Decision:** {result.decision}", ""]
    if result.matches:
        out += ["| span | kind | score | source document | document span | license | documents |",
                "|---|---|---|---|---|---|---|"]
        for m in result.matches:
            count = f"{m.count}" if m.count_exact else f"about {m.count}"
            held = ", ".join(m.licenses) if len(m.licenses) > 1 else (m.license or "unknown")
            out.append(f"| {m.start}–{m.end} | {m.kind} | {m.score:.2f} | `{_md(m.doc_id)}` | "
                       f"{m.doc_start}–{m.doc_end} | {_md(held)} | {count} |")
        out += ["", "### Attribution", ""]
        for a in result.attribution:
            by = f" by {_md(a.author)}" if a.author else ""
            link = f" <{a.url}>" if a.url else ""
            out.append(f"- **{_md(_work(a.title, a.doc_id))}**{by}. License: {_md(a.license or 'unknown')}.{link}")
        out += ["", "### Matched passages", ""]
        for m in result.matches:
            out.append(f"> {_md(_excerpt(m.text, 400))}")
            out.append("")
    else:
        out.append("No reproduced spans found.")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1b1b1b}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}
.decision{display:inline-block;padding:.1em .6em;border-radius:4px;font-weight:600}
.allow{background:#e3f4e1}.attribute{background:#fff2cc}.block{background:#fbd9d9}.redact{background:#fbe3cc}
pre.output{white-space:pre-wrap;background:#fafafa;border:1px solid #e5e5e5;padding:1em}
mark{background:#ffe08a} table{border-collapse:collapse;width:100%;font-size:.92em}
td,th{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
"""


def page(results: Sequence[CheckResult], texts: Sequence[str] | None = None) -> str:
    """A self-contained HTML page: no scripts, fonts or images from anywhere."""
    body = []
    for i, result in enumerate(results):
        body.append(_html_result(result, texts[i] if texts and i < len(texts) else None))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>clearance check</title><style>{_STYLE}</style></head><body>"
        "<h1>clearance check</h1>" + "".join(body) + "</body></html>\n"
    )


def _html_result(result: CheckResult, text: str | None) -> str:
    e = html.escape
    name = f" {e(str(result.id))}" if result.id is not None else ""
    parts = [f"<section><h2>Output{name}</h2>",
             f"<p>Decision: <span class=\"decision {e(result.decision)}\">{e(result.decision)}</span></p>"]
    if text is not None:
        parts.append(f"<pre class=\"output\">{_highlight(text, result)}</pre>")
    if result.matches:
        parts.append("<table><tr><th>span</th><th>kind</th><th>source</th><th>license</th><th>passage</th></tr>")
        for m in result.matches:
            parts.append(
                f"<tr><td>{m.start}–{m.end}</td><td>{e(m.kind)}</td><td>{e(m.doc_id)} "
                f"({m.doc_start}–{m.doc_end})</td><td>{e(', '.join(m.licenses) if len(m.licenses) > 1 else (m.license or 'unknown'))}</td>"
                f"<td>{e(_excerpt(m.text, 300))}</td></tr>"
            )
        parts.append("</table><h3>Attribution</h3><ul>")
        for a in result.attribution:
            by = f" by {e(a.author)}" if a.author else ""
            link = f", <a href=\"{e(a.url)}\">{e(a.url)}</a>" if a.url else ""
            parts.append(f"<li><strong>{e(_work(a.title, a.doc_id))}</strong>{by}. "
                         f"License: {e(a.license or 'unknown')}{link}</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>No reproduced spans found.</p>")
    parts.append("</section>")
    return "".join(parts)


def _highlight(text: str, result: CheckResult) -> str:
    """The output with reproduced spans marked (overlapping spans merged)."""
    spans: list[list[int]] = []
    for m in sorted(result.matches, key=lambda m: m.start):
        if spans and m.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], m.end)
        else:
            spans.append([m.start, m.end])
    out, at = [], 0
    for start, end in spans:
        out.append(html.escape(text[at:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)
