"""SPDX matching templates: does a text hold a license whole, give or take the regions SPDX lets vary?

Word overlap cannot tell a license's variable wording from a look-alike's real difference: a
BSD-3-Clause whose clause 3 says "The name of the author may not be used" and whose disclaimer says
"THE AUTHOR" is closer by Dice to BSD-3-Clause-HP (which also says "THE AUTHOR") than to
BSD-3-Clause, though SPDX's BSD-3-Clause template allows exactly that wording and HP's own words
("PATENT INFRINGEMENT") are missing. A template is the license's words in order with bounded gaps
where the template has an ``<alt>``, ``<optional>``, title, copyright or bullet region; a text holds
it when every literal word appears in order with no more than the allowed words between runs.

The templates (``data/spdx-templates.json.zst``, from ``benchmarks/licenses/make_templates.py``)
are normalized at first use with the same ``license_words`` as files, so both sides agree on case,
punctuation and spelling variants; copyright lines are kept on both sides.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import zstandard

from clearance.licenses.detect.normalize import license_words

DATA = "spdx-templates.json.zst"
#: How a variable region is written in the template text; ``{}`` is its index in ``gaps``.
GAP_MARKER = "qqgap{}qq"
_MARKER = re.compile(r"^qqgap(\d+)qq$")
#: A template with fewer literal words than this says too little to identify a license by.
MIN_LITERAL_WORDS = 20


@dataclass(frozen=True, slots=True)
class Template:
    pattern: re.Pattern[str]
    literal_words: int  # how many of the license's words are fixed: the more, the more specific


@cache
def _templates() -> dict[str, dict]:
    data = resources.files("clearance.licenses.detect").joinpath("data").joinpath(DATA)
    return json.loads(zstandard.ZstdDecompressor().decompress(data.read_bytes()))["templates"]


@cache
def template(spdx: str) -> Template | None:
    """The compiled template of ``spdx``; None when SPDX ships none or it is too short to identify."""
    raw = _templates().get(spdx)
    if raw is None:
        return None
    pieces: list[str] = []
    literal = 0
    pending_gap = 0
    for word in template_tokens(raw["text"]):
        marker = _MARKER.match(word)
        if marker:
            pending_gap += raw["gaps"][int(marker.group(1))]
            continue
        if pending_gap and pieces:  # a gap before the first literal word (a title) is no constraint
            pieces.append(rf"(?: [a-z0-9]+){{0,{pending_gap}}}")
        pending_gap = 0
        pieces.append(" " + re.escape(word))
        literal += 1
    if literal < MIN_LITERAL_WORDS:
        return None
    return Template(re.compile("".join(pieces) + "(?![a-z0-9])"), literal)


def template_tokens(text: str) -> list[str]:
    """The words templates are made of and searched for: normalized like any license text, with the
    copyright lines (a template leaves room for them) but without numbers (a year range, "(c)
    2001-2019", is one word in a template and nineteen in a file; section numbers vary)."""
    return [w for w in license_words(text, keep_copyright=True) if not w.isdigit()]


@dataclass(frozen=True, slots=True)
class TemplateText:
    """A text in the form templates search: its ``template_tokens`` as one string, and how many of
    them are not in copyright lines (what a template found in it should account for)."""

    words: str
    plain_words: int

    @classmethod
    def of(cls, text: str, words: list[str]) -> TemplateText:
        """``words``: the text's ``license_words`` (copyright lines gone)."""
        return cls(" " + " ".join(template_tokens(text)), sum(not w.isdigit() for w in words))

    @classmethod
    def of_words(cls, words: list[str]) -> TemplateText:
        """A part of a text, from its ``license_words`` (its copyright lines are already gone)."""
        kept = [w for w in words if not w.isdigit()]
        return cls(" " + " ".join(kept), len(kept))


def holds_template(spdx: str, text: str) -> bool:
    """Whether ``text`` holds the whole template of ``spdx``."""
    compiled = template(spdx)
    return compiled is not None and compiled.pattern.search(" " + " ".join(template_tokens(text))) is not None
