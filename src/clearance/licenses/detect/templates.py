"""SPDX matching templates: does a text hold a license whole, give or take the regions SPDX lets vary?

Word overlap cannot tell a license's variable wording from a look-alike's real difference: a
BSD-3-Clause whose clause 3 says "The name of the author may not be used" and whose disclaimer says
"THE AUTHOR" is closer by Dice to BSD-3-Clause-HP (which also says "THE AUTHOR") than to
BSD-3-Clause, though SPDX's BSD-3-Clause template allows exactly that wording and HP's own words
("PATENT INFRINGEMENT") are missing. A template is the license's words in order with bounded gaps
where the template has an ``<alt>``, ``<optional>``, title, copyright or bullet region; a text holds
it when every fixed word appears in order, in runs, with no more than the allowed words between runs.

The templates (``data/spdx-templates.json.zst``, from ``benchmarks/licenses/make_templates.py``)
are normalized at first use with the same ``license_words`` as files, so both sides agree on case,
punctuation and spelling variants; copyright lines are kept on both sides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import zstandard

from clearance.licenses.detect.normalize import has_copyright_line, license_words

DATA = "spdx-templates.json.zst"
#: How a variable region is written in the template text; ``{}`` is its index in ``gaps``.
GAP_MARKER = "qqgap{}qq"
_MARKER = re.compile(r"^qqgap(\d+)qq$")
#: A word that is a number, in a joined string of words.
_NUMBER = re.compile(r" [0-9]+(?= |$)")
#: A template with fewer literal words than this says too little to identify a license by.
MIN_LITERAL_WORDS = 20


@dataclass(frozen=True, slots=True)
class Template:
    """Runs of fixed words (each " word word", as ``TemplateText.words`` writes them) and, before each
    run after the first, the most words that may stand between it and the previous run."""

    runs: tuple[str, ...]
    gaps: tuple[int, ...]  # gaps[i]: the most words between runs[i] and runs[i + 1]
    literal_words: int  # how many of the license's words are fixed: the more, the more specific
    lead: int = 0  # the most words the template lets stand before its first run (a title) ...
    trail: int = 0  # ... and after its last (an optional disclaimer paragraph)

    def covered(self, words: str, span: tuple[int, int]) -> int:
        """How many words of ``words`` the template accounts for when its runs lie at ``span``: those
        of the span, and as many before and after it as its leading and trailing regions allow."""
        before, after = words.count(" ", 0, span[0]), words.count(" ", span[1])
        return words.count(" ", *span) + min(before, self.lead) + min(after, self.trail)

    def search(self, words: str) -> tuple[int, int] | None:
        """The first span of ``words`` that holds every run in order within its gaps, or None.

        For each place the first run occurs, each next run is taken at its first occurrence after
        the previous one: ending earliest never hurts the runs after it, so a fit is found if there
        is one from that start. Plain ``str.find``: no regex to compile (a long template's regex
        took tens of milliseconds per process) and nothing to backtrack."""
        first = self.runs[0]
        start = _find_word_run(words, first, 0)
        while start >= 0:
            end = start + len(first)
            for run, gap in zip(self.runs[1:], self.gaps, strict=True):
                at = _find_word_run(words, run, end)
                if at < 0:
                    return None  # a later start cannot find what no place after this one holds
                if words.count(" ", end, at) > gap:
                    break
                end = at + len(run)
            else:
                return start, end
            start = _find_word_run(words, first, start + 1)
        return None


def _find_word_run(words: str, run: str, begin: int) -> int:
    """Where ``run`` (" w1 w2 ...") next occurs in ``words`` from ``begin``, ending at a word's end."""
    at = words.find(run, begin)
    while at >= 0 and at + len(run) < len(words) and words[at + len(run)] != " ":
        at = words.find(run, at + 1)
    return at


@cache
def _templates() -> dict[str, dict]:
    data = resources.files("clearance.licenses.detect").joinpath("data").joinpath(DATA)
    return json.loads(zstandard.ZstdDecompressor().decompress(data.read_bytes()))["templates"]


@cache
def template(spdx: str) -> Template | None:
    """The template of ``spdx``, cut into runs and gaps; None when SPDX ships none or it is too short
    to identify."""
    raw = _templates().get(spdx)
    if raw is None:
        return None
    runs: list[list[str]] = []
    gaps: list[int] = []
    pending_gap = lead = 0
    for word in template_tokens(raw["text"]):
        marker = _MARKER.match(word)
        if marker:
            pending_gap += raw["gaps"][int(marker.group(1))]
            continue
        if not runs:  # a gap before the first fixed word (a title) is no constraint
            runs.append([])
            lead = pending_gap
        elif pending_gap:
            runs.append([])
            gaps.append(pending_gap)
        pending_gap = 0
        runs[-1].append(word)
    literal = sum(len(run) for run in runs)
    if literal < MIN_LITERAL_WORDS:
        return None
    return Template(tuple(" " + " ".join(run) for run in runs), tuple(gaps), literal, lead, pending_gap)


def template_tokens(text: str) -> list[str]:
    """The words templates are made of and searched for: normalized like any license text, with the
    copyright lines (a template leaves room for them) but without numbers (a year range, "(c)
    2001-2019", is one word in a template and nineteen in a file; section numbers vary)."""
    return [w for w in license_words(text, keep_copyright=True) if not w.isdigit()]


def _joined(words: list[str]) -> str:
    """Words as templates search them: one string, " w1 w2 ...", numbers left out (``template_tokens``)."""
    return _NUMBER.sub("", " " + " ".join(words))


@dataclass(frozen=True, slots=True)
class TemplateText:
    """A text in the form templates search: its ``template_tokens`` as one string, and how many of
    them are not in copyright lines (what a template found in it should account for)."""

    words: str
    plain_words: int

    @classmethod
    def of(cls, text: str, words: list[str]) -> TemplateText:
        """``words``: the text's ``license_words`` (copyright lines gone); the text is normalized
        again, copyright lines kept, only when it has any."""
        kept = license_words(text, keep_copyright=True) if has_copyright_line(text) else words
        return cls(_joined(kept), len(words) - sum(map(str.isdigit, words)))

    @classmethod
    def of_words(cls, words: list[str]) -> TemplateText:
        """A part of a text, from its ``license_words`` (its copyright lines are already gone)."""
        joined = _joined(words)
        return cls(joined, joined.count(" "))


def holds_template(spdx: str, text: str) -> bool:
    """Whether ``text`` holds the whole template of ``spdx``."""
    return bool(held_templates((spdx,), text))


def held_templates(ids: Iterable[str], text: str) -> set[str]:
    """Those of ``ids`` whose whole template ``text`` holds; the text's words are read once for all."""
    templated = [(spdx, found) for spdx in ids if (found := template(spdx)) is not None]
    if not templated:
        return set()
    words = _joined(license_words(text, keep_copyright=True))
    return {spdx for spdx, found in templated if found.search(words) is not None}
