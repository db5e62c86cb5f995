"""Turn man(7)/mdoc(7) source into plain prose.

Rendering with ``groff`` would hyphenate and justify the text, which changes the words a
model could copy; stripping the macros keeps the author's words as written, and is fast
enough to run over thousands of pages on every evaluation.
"""

from __future__ import annotations

import re

#: Macros whose arguments are running text, in one font.
_TEXT_MACROS = frozenset("B I SM SB SH SS IP TP HP LP PP P Nm Nd Dt Sh Ss Pp Dd Os".split())
#: Macros whose arguments alternate fonts with no space between them.
_ALTERNATING = frozenset("BR BI IB IR RB RI".split())
_PARAGRAPH = frozenset("PP LP P TP IP HP Pp SH SS Sh Ss sp br".split())
_MDOC_NAME = re.compile(r"^(?:[A-Z][a-z]|[A-Z][a-z][a-z]?)$")

_ESCAPES = (
    (re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)"), ""),  # font changes
    (re.compile(r"\\s[+-]?\d+"), ""),  # size changes
    (re.compile(r"\\\*(?:\[[^\]]*\]|\(..|.)"), ""),  # string registers
    (re.compile(r"\\n(?:\[[^\]]*\]|\(..|.)"), ""),  # number registers
    (re.compile(r"\\\((?:em|en)"), "-"),
    (re.compile(r"\\\((?:aq|oq|cq)"), "'"),
    (re.compile(r"\\\((?:dq|lq|rq)"), '"'),
    (re.compile(r"\\\(bu"), "*"),
    (re.compile(r"\\\(co"), "(c)"),
    (re.compile(r"\\\((?:ti|ap)"), "~"),
    (re.compile(r"\\\((?:mi|hy)"), "-"),
    (re.compile(r"\\\(..|\\\[[^\]]*\]"), ""),  # other special characters
    (re.compile(r"\\[-]"), "-"),
    (re.compile(r"\\[e\\]"), "\\\\"),
    (re.compile(r"\\[ ~0]"), " "),
    (re.compile(r"\\[&|^c%:,/!)]"), ""),
    (re.compile(r"\\\"[^\n]*"), ""),  # trailing comments
)


def _unescape(line: str) -> str:
    for pattern, replacement in _ESCAPES:
        line = pattern.sub(replacement, line)
    return line


def _arguments(rest: str) -> list[str]:
    """Macro arguments: whitespace separated, double quotes group."""
    return [a.strip('"') for a in re.findall(r'"[^"]*"|\S+', rest)]


def _macro_text(name: str, rest: str) -> str | None:
    """The prose a macro line contributes, or None to drop the line."""
    args = _arguments(_unescape(rest))
    if name in _ALTERNATING:
        return "".join(args)
    if name in _TEXT_MACROS:
        return " ".join(args[:1] if name == "IP" else args)
    if _MDOC_NAME.match(name):  # mdoc: keep the words, drop the nested macro names
        return " ".join(a for a in args if not _MDOC_NAME.match(a))
    return None


def strip_roff(source: str) -> str:
    """Plain text of a man page: macros dropped or reduced to their text, escapes resolved."""
    out: list[str] = []
    skipping_definition = False
    for line in source.splitlines():
        if skipping_definition:
            skipping_definition = not line.startswith("..")
            continue
        if line.startswith((".\\\"", "'\\\"", '.\\"')):
            continue
        if line.startswith((".", "'")):
            name, _, rest = line[1:].strip().partition(" ")
            if name in ("de", "de1", "am", "ig"):
                skipping_definition = True
                continue
            if name in _PARAGRAPH:
                out.append("")
            text = _macro_text(name, rest)
            if text:
                out.append(text)
            continue
        out.append(_unescape(line))
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
