"""Render check results as text, JSON, JSON lines, Markdown or self-contained HTML.

The Markdown and HTML forms are the attribution page: for every work the output reproduces and the
policy credits or blocks, its title, author, license (name, SPDX id, URL), source, the passages and
the notice its license requires.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import orjson

from clearance.guard.result import Attribution, CheckResult

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


def _work(a: Attribution) -> str:
    return a.title or a.doc_id


def _license_label(a: Attribution) -> str:
    if a.spdx is None:
        return f"unknown ({a.license})" if a.license else "unknown (none stated)"
    name = f"{a.license_name} ({a.spdx})" if a.license_name and a.license_name != a.spdx else a.spdx
    return name


def _held(m) -> str:
    return ", ".join(m.licenses) if len(m.licenses) > 1 else (m.license or "unknown")


def plain(result: CheckResult) -> str:
    head = f"[{result.id}] " if result.id is not None else ""
    policy = f", policy {result.policy}" if result.policy else ""
    lines = [f"{head}decision: {result.decision} ({len(result.matches)} match(es){policy})"]
    for fired in result.rules_fired():
        lines.append(f"  rule {fired['rule']!r} -> {fired['action']} ({fired['matches']} match(es)): {fired['reason']}")
    for i, m in enumerate(result.matches):
        count = f"{m.count}" if m.count_exact else f"~{m.count}"
        others = [x for x in m.licenses if x != (m.license or "unknown")]
        also = f" (also held under {', '.join(others)})" if others else ""
        verdict = result.verdicts[i] if i < len(result.verdicts) else None
        action = f" [{verdict.action.value}: {verdict.rule}]" if verdict else ""
        lines.append(
            f"  {m.start}-{m.end} ({m.length} chars, {m.kind}, score {m.score:.2f}) <- {m.doc_id} "
            f"{m.doc_start}-{m.doc_end} license={m.license or 'unknown'}{also} in {count} document(s){action}"
        )
        lines.append(f"    \"{_excerpt(m.text)}\"")
    for a in result.attribution:
        by = f" by {a.author}" if a.author else ""
        lines.append(f"  credit: {_work(a)}{by}, license {_license_label(a)}" + (f", {a.url}" if a.url else ""))
    if result.redacted is not None:
        lines.append(f"  after redaction: {result.after_redaction}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines()) or ">"


def markdown(result: CheckResult) -> str:
    title = f"Attribution for output {result.id}" if result.id is not None else "Attribution"
    out = [f"## {title}", "", f"**Decision:** {result.decision}"
           + (f" (policy `{result.policy}`)" if result.policy else ""), ""]
    if result.redacted is not None:
        out += [f"**After redaction:** {result.after_redaction}", ""]
    for fired in result.rules_fired():
        out.append(f"- rule **{_md(fired['rule'])}** → {fired['action']} ({fired['matches']} match(es)): "
                   f"{_md(fired['reason'])}")
    if result.rules_fired():
        out.append("")
    if not result.matches:
        out.append("No reproduced spans found.")
        return "\n".join(out) + "\n"
    out += ["| span | kind | score | action | source document | document span | license | documents |",
            "|---|---|---|---|---|---|---|---|"]
    for i, m in enumerate(result.matches):
        count = f"{m.count}" if m.count_exact else f"about {m.count}"
        action = result.verdicts[i].action.value if i < len(result.verdicts) else ""
        out.append(f"| {m.start}–{m.end} | {m.kind} | {m.score:.2f} | {action} | `{_md(m.doc_id)}` | "
                   f"{m.doc_start}–{m.doc_end} | {_md(_held(m))} | {count} |")
    out.append("")
    for a in result.attribution:
        out += [f"### {_md(_work(a))}", ""]
        out.append(f"- **Author:** {_md(a.author or 'not stated')}")
        license_line = _license_label(a) + (f" <{a.license_url}>" if a.license_url else "")
        out.append(f"- **License:** {_md(license_line)} — {a.category}")
        if a.url:
            out.append(f"- **Source:** <{a.url}>")
        if a.source:
            out.append(f"- **Provenance:** {_md(a.source)}")
        if a.copyright:
            out.append(f"- **Copyright:** {_md(a.copyright)}")
        out.append(f"- **Action:** {a.action}; {a.characters} characters of the output, "
                   f"document `{_md(a.doc_id)}`")
        out += ["", "Matched passages:", ""]
        for p in a.passages:
            out += [_md_quote(p["text"]), "", f"<sub>output {p['start']}–{p['end']}, work "
                    f"{p['doc_start']}–{p['doc_end']}, {p['kind']}, {p['action']}</sub>", ""]
        if a.notice is not None:
            state = "required" if a.notice.required else "courtesy (none required)"
            out += [f"Notice ({state}; the license asks for: {', '.join(a.notice.elements) or 'nothing'}):", "",
                    "```text", a.notice.text, "```", ""]
            if a.notice.license_text:
                out += ["License notice to include:", "", "```text", a.notice.license_text, "```", ""]
            for caveat in a.notice.caveats:
                out.append(f"- ⚠ {_md(caveat)}")
            if a.notice.caveats:
                out.append("")
    return "\n".join(out) + "\n"


_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1b1b1b}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd} h3{font-size:1.05em}
.decision{display:inline-block;padding:.1em .6em;border-radius:4px;font-weight:600}
.allow{background:#e3f4e1}.attribute{background:#fff2cc}.block{background:#fbd9d9}.redact{background:#fbe3cc}
pre{white-space:pre-wrap;background:#fafafa;border:1px solid #e5e5e5;padding:1em}
mark{background:#ffe08a} table{border-collapse:collapse;width:100%;font-size:.92em}
td,th{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
blockquote{border-left:4px solid #ffe08a;margin:.5em 0;padding:.2em 1em;background:#fffbea}
.work{border:1px solid #e5e5e5;border-radius:6px;padding:0 1em 1em;margin:1em 0}
.caveat{color:#8a4b00} dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em} dt{font-weight:600}
"""


def page(results: Sequence[CheckResult], texts: Sequence[str] | None = None) -> str:
    """A self-contained HTML page: no scripts, fonts or images from anywhere."""
    body = [_html_result(result, texts[i] if texts and i < len(texts) else None) for i, result in enumerate(results)]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>clearance: attribution</title><style>{_STYLE}</style></head><body>"
        "<h1>clearance: attribution</h1>" + "".join(body) + "</body></html>\n"
    )


def _link(url: str | None) -> str:
    if not url:
        return ""
    e = html.escape(url)
    return f"<a href=\"{e}\">{e}</a>" if url.startswith(("http://", "https://")) else e


def _html_work(a: Attribution) -> str:
    e = html.escape
    rows = [("Author", e(a.author or "not stated")),
            ("License", e(_license_label(a)) + (f" — {_link(a.license_url)}" if a.license_url else "")
             + f" <small>({e(a.category)})</small>")]
    if a.url:
        rows.append(("Source", _link(a.url)))
    if a.source:
        rows.append(("Provenance", e(a.source)))
    if a.copyright:
        rows.append(("Copyright", e(a.copyright)))
    rows.append(("Action", f"<span class=\"decision {e(a.action)}\">{e(a.action)}</span> "
                 f"{a.characters} characters, document <code>{e(a.doc_id)}</code>"))
    parts = [f"<div class=\"work\"><h3>{e(_work(a))}</h3><dl>"]
    parts += [f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows]
    parts.append("</dl><h4>Matched passages</h4>")
    for p in a.passages:
        parts.append(f"<blockquote>{e(p['text'])}</blockquote><small>output {p['start']}–{p['end']}, work "
                     f"{p['doc_start']}–{p['doc_end']}, {e(p['kind'])}, {e(p['action'])}</small>")
    if a.notice is not None:
        state = "required" if a.notice.required else "courtesy (none required)"
        parts.append(f"<h4>Notice ({state})</h4><p>The license asks for: "
                     f"{e(', '.join(a.notice.elements) or 'nothing')}.</p><pre class=\"notice\">{e(a.notice.text)}</pre>")
        if a.notice.license_text:
            parts.append(f"<details><summary>License notice to include</summary><pre>{e(a.notice.license_text)}</pre></details>")
        parts += [f"<p class=\"caveat\">⚠ {e(c)}</p>" for c in a.notice.caveats]
    parts.append("</div>")
    return "".join(parts)


def _html_result(result: CheckResult, text: str | None) -> str:
    e = html.escape
    name = f" {e(str(result.id))}" if result.id is not None else ""
    policy = f" (policy <code>{e(result.policy)}</code>)" if result.policy else ""
    parts = [f"<section><h2>Output{name}</h2>",
             f"<p>Decision: <span class=\"decision {e(result.decision)}\">{e(result.decision)}</span>{policy}</p>"]
    if result.redacted is not None:
        parts.append(f"<p>After redaction: <span class=\"decision {e(str(result.after_redaction))}\">"
                     f"{e(str(result.after_redaction))}</span></p>")
    fired = result.rules_fired()
    if fired:
        parts.append("<ul class=\"rules\">" + "".join(
            f"<li>rule <strong>{e(f['rule'])}</strong> → {e(f['action'])} ({f['matches']} match(es)): "
            f"{e(f['reason'])}</li>" for f in fired) + "</ul>")
    if text is not None:
        parts.append(f"<pre class=\"output\">{_highlight(text, result)}</pre>")
    if result.matches:
        parts.append("<table><tr><th>span</th><th>kind</th><th>action</th><th>source</th><th>license</th>"
                     "<th>passage</th></tr>")
        for i, m in enumerate(result.matches):
            action = result.verdicts[i].action.value if i < len(result.verdicts) else ""
            parts.append(
                f"<tr><td>{m.start}–{m.end}</td><td>{e(m.kind)}</td><td>{e(action)}</td><td>{e(m.doc_id)} "
                f"({m.doc_start}–{m.doc_end})</td><td>{e(_held(m))}</td><td>{e(_excerpt(m.text, 300))}</td></tr>"
            )
        parts.append("</table>")
        if result.attribution:
            parts.append("<h3>Works to credit</h3>" + "".join(_html_work(a) for a in result.attribution))
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
