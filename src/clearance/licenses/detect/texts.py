"""Which license a whole license text (a LICENSE or COPYING file) is.

Two paths. The fast one: the text's normalized words hash to a reference text's (a verbatim copy,
give or take copyright lines, case, punctuation and layout). The general one compares word 3-gram
sets with every SPDX reference at once and takes the reference with the best Dice overlap among
those whose text is mostly present; then the shingles it explains are set aside and the search
repeats, so that a file holding two licenses (a dual license, a bundled third-party text) yields
both: a further license must be mostly present in the whole text and explain a fair share of what
the earlier ones did not; among the nearly fully present, the one explaining the most new text wins
(BSD-3-Clause rather than its subset BSD-2-Clause beside NCSA). Where Dice cannot tell a license's
allowed variations from a look-alike's differences, SPDX's matching templates decide
(``templates.py``, ``_template_choice``). Confidence is how much of the reference is present, lowered
by how much of the file no reference explains (a preamble, a trailer, a changed clause).

A text the SPDX references leave unsettled (no exact copy, no held template, no license held nearly
whole, much left unexplained) is matched again with ScanCode's texts of licenses SPDX does not list
beside them (``wider_index``), and named by one of those only when it is clearly that license.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from clearance.licenses.detect.bundles import part_starts
from clearance.licenses.detect.finding import Finding, clip
from clearance.licenses.detect.normalize import license_words
from clearance.licenses.detect.reference import (
    SHINGLE,
    ReferenceIndex,
    digest,
    reference_index,
    reference_text,
    wider_index,
)
from clearance.licenses.detect.templates import TemplateText, template

#: Share of a reference's shingles that must be in the text for the first (best) match ...
FIRST_CONTAINMENT = 0.6
#: ... and for every further license found in the text.
FURTHER_CONTAINMENT = 0.75
#: A further license must explain at least this many shingles the earlier ones did not, or this share
#: of its own (SunPro's two sentences beside a BSD text are new text): BSD's redistribution clauses as
#: a file words them beside a held BSD-3-Clause-LBNL template are variations of the same text (21 new
#: of BSD-Source-Code-no-disclaimer's 59), not a second license.
MIN_FURTHER_SHINGLES = 25
SHORT_FURTHER_NEW = 0.8
#: Fewer unexplained shingles than this are not searched for another license.
MIN_REST = 20
MAX_LICENSES = 6
#: Licenses common enough to win a near tie (Dice within ``NEAR_TIE``) against a rare look-alike, when
#: the text is mostly one license: a BSD-2-Clause whose second clause was rewritten is closer to
#: BSD-1-Clause by a hair, and BSD-2-Clause is what its author meant. Not when the look-alike explains
#: more of the text and is held whole (``HELD_WHOLE``): Pixar's license is Apache-2.0 with its own
#: section 6, which the text holds.
COMMON = frozenset({
    "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "0BSD", "Unlicense", "CC0-1.0", "Zlib", "X11",
    "GPL-2.0-only", "GPL-3.0-only", "LGPL-2.0-only", "LGPL-2.1-only", "LGPL-3.0-only", "AGPL-3.0-only",
    "MPL-1.1", "MPL-2.0", "EPL-1.0", "EPL-2.0", "PSF-2.0", "BSL-1.0", "OFL-1.1", "Artistic-2.0", "CC-BY-4.0",
    "CC-BY-SA-4.0", "GFDL-1.3-only", "GFDL-1.2-only", "Python-2.0", "HPND", "MIT-0", "WTFPL"})
NEAR_TIE = 0.03
HELD_WHOLE = 0.99
TIE_BREAK_DICE = 0.85
#: A further license must explain this share of its own shingles that earlier ones did not (BSD-2-Clause
#: adds nothing once BSD-3-Clause is found; BSD-3-Clause adds its third clause beside NCSA).
MIN_GAIN = 0.15
#: A text explained less than this by whole-file matching is tried as a bundle of several texts.
SPLIT_BELOW = 0.95
#: A text's departure from its best match counts the shingles few references hold (at most this
#: many): a clause of a variant ("notice immediately at the beginning of the file"), not wording many
#: licenses share ("shall the author be liable", which a holder's name in a disclaimer brings) ...
RARE_IN = 5
#: ... at least this many of them, for a named variant of the match to be considered ...
MIN_DEVIATION = 4
#: ... and the share of them the variant must explain.
VARIANT_EXPLAINS = 0.8
#: A best-Dice match held less than this whole may give way to a fuller reference (a text that holds
#: BSD-3-Clause nearly whole is BSD-3-Clause, though BSD-4-Clause-UC also explains its "Regents"); one
#: of the licensor texts SPDX does not list may give way however whole it is held (Unicode's older
#: notice to DFS-2015's, whose clauses (a) and (b) a text has without the agreement's preamble) ...
FULLER_WHEN_BELOW = 0.9
#: ... one that leaves at most this share of what the match explains unexplained ...
FULLER_SLACK = 0.02
#: ... while the text holds less than this share of what sets the match apart from it.
FULLER_BASE_APART = 0.2
#: A best-Dice match explaining less than this share of a text may give way to a longer form of it ...
LONGER_FORM_BELOW = 0.7
#: ... one at least this much present, explaining this many times as much of the text.
LONGER_CONTAINMENT = 0.5
LONGER_GAIN = 1.3
#: How many of the best first matches by Dice are tried against their SPDX matching template ...
TEMPLATE_CANDIDATES = 8
#: ... and how many more words than the best by Dice leaves unexplained a template may leave outside it
#: (at least; or this share of the text's words: a title line, a version note).
TEMPLATE_SLACK = 5
TEMPLATE_SLACK_SHARE = 0.05
#: ... and whose reference explains no less of the text than this share below what the best by Dice
#: explains: a template's long variable region can swallow a clause of the text that is another
#: license's (BSD-3-Clause's "neither the name of <holder> nor" gap holds BSD-4-Clause's advertising
#: clause), while a template that rightly wins by its variable wording differs in a few words only.
TEMPLATE_EXPLAINS_LESS = 0.05
#: A reference this much present may be the first match below ``FIRST_CONTAINMENT`` when the text holds
#: its matching template whole (``_held_below_floor``): HPND-sell-variant without its optional
#: DISCLAIMS paragraph is a third to a half of its reference and all of what SPDX requires of it (xsel's
#: "No representations are made" wording: 36%).
TEMPLATE_FLOOR = 0.35
#: A held template is the license whole, whatever share of the reference's optional words is present.
TEMPLATE_HELD_PRESENT = 1.0
#: A part's license whose reference has this share of its shingles inside the reference of the next
#: part's license is a piece of it, when the two parts hold that reference whole (``WHOLE``) and the
#: next part alone does not.
SUBSUMED = 0.9
WHOLE = 0.95
#: ... and when the next part holds less than this share of the first license's own words.
ELSEWHERE = 0.9
#: An SPDX answer explaining this share of a text is settled; below it (and without an exact copy
#: or a held template) the wider index is tried, whose answer must explain ``WIDER_GAIN`` more.
SETTLED = 0.97
#: ... and one whose first license is held whole (its template, or nearly all its words) is settled when
#: it explains this share of the text.
HELD_SETTLES = 0.6
WIDER_GAIN = 0.05
WIDER_DICE = 0.1
#: A text holding this share of an SPDX license is that license, whatever else it says (protobuf's
#: BSD-3-Clause with a sentence on generated code); and a text SPDX finds nothing in must hold this
#: share of the wider index's answer.
NEARLY_WHOLE = 0.9
#: ... or this share of it, for a text of at least ``LONG_TERMS_WORDS`` words that it explains ``SETTLED``.
TERMS_WITHOUT_APPENDIX = 0.7
LONG_TERMS_WORDS = 300
#: ... so a text SPDX finds nothing in and shorter than this (a notice paragraph) holds none of the
#: wider index's texts, which have at least 40 words.
FEWEST_WIDER_WORDS = 36
#: A reference at least this much present in a text claims the statements between its first and last words.
SPAN_CONTAINMENT = 0.9
#: ... counting only runs of at least this many consecutive shingles of it.
SPAN_RUN = 5
ENDORSEMENT_ALLOWED = "LicenseRef-scancode-bsd-endorsement-allowed"
#: An endorsement clause, the words before it that may belong to it, and where a clause starts.
_ENDORSE = re.compile(r"\bbe\s+used\s+to\s+endorse\b", re.IGNORECASE)
ENDORSEMENT_REACH = 250
_MAY_BE = re.compile(r"\bmay\s*$", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|neither|nor|none|no)\b|n't\b", re.IGNORECASE)
#: A numbered or bulleted item ("* Neither", not a comment's "*   names of") or a sentence starts a
#: clause; a blank line does not (double-spaced texts put one between a clause's own lines).
_CLAUSE_START = re.compile(r"\n[\s/#*;!-]*(?:\d+[.)]|\(\w\)|[*\u2022-]\s+(?=[A-Z]))|[.;:]\s+(?=[A-Z])")
_MARKDOWN_TARGET = re.compile(r"\]\([^()\s]*\)")


@dataclass(frozen=True, slots=True)
class TextMatch:
    """One reference found in a text."""

    spdx: str
    containment: float  # share of the reference's shingles present in the text
    dice: float  # 2|A∩B| / (|A|+|B|) against the text (what remained of it when found)
    exact: bool = False
    template_held: bool = False  # chosen because the text holds its SPDX matching template whole


def match_license_text(text: str, index: ReferenceIndex | None = None) -> tuple[list[TextMatch], float]:
    """Every reference license found in ``text``, best first, and the share of the text's shingles
    they explain (1.0 for an exact copy). A file that bundles several texts is matched part by part
    when that explains more of it than matching it whole. Without an ``index``, a text the SPDX
    references leave unsettled is matched again against the wider index (``wider_index``: ScanCode's
    texts of licenses SPDX does not list beside them), whose answer is taken when it explains clearly
    more of the text (``_wider_wins``): Intel's Simplified Software License is no BSD-3-Clause with
    some sentences unexplained, Anti-Grain Geometry's permission no text SPDX has at all."""
    words = license_words(text)
    if index is not None:
        return _match_text(text, words, index)
    found = _match_text(text, words, reference_index())
    if _settled(*found) or (not found[0] and len(words) < FEWEST_WIDER_WORDS) or not _may_hold_unlisted(words):
        return found
    wider = _match_text(text, words, wider_index())
    return wider if _wider_wins(found, wider, len(words) >= LONG_TERMS_WORDS) else found


def _may_hold_unlisted(words: list[str]) -> bool:
    """Whether the text holds some second-tier reference ``NEARLY_WHOLE``: what ``_wider_wins`` asks of
    the answer's first license, checked with one overlap before the full match (a part of a bundle
    holds no more of a reference than the whole text does)."""
    index = wider_index()
    doc = index.shingles_of(index.encode(words))
    overlap = index.overlap(doc)
    held = overlap >= NEARLY_WHOLE * index.sizes
    if len(words) >= LONG_TERMS_WORDS:
        held |= (overlap >= TERMS_WITHOUT_APPENDIX * index.sizes) & (overlap >= SETTLED * len(doc))
    return bool((held & _second_tier(index)).any())


#: Per index (by identity of its ids): which of its references are not SPDX texts.
_SECOND_TIER: dict[int, np.ndarray] = {}


def _second_tier(index: ReferenceIndex) -> np.ndarray:
    """Which references of ``index`` are not SPDX texts."""
    key = id(index.ids)
    if key not in _SECOND_TIER:
        spdx = set(reference_index().ids)
        _SECOND_TIER[key] = np.array([i not in spdx for i in index.ids])
    return _SECOND_TIER[key]


def _wider_wins(found: tuple[list[TextMatch], float], wider: tuple[list[TextMatch], float], long_text: bool = False
                ) -> bool:
    """Whether the wider index's answer replaces the SPDX one: its first license is one SPDX does not
    list, the text holds it nearly whole and is clearly nearer to it (``WIDER_DICE``), and the answer
    explains clearly more of the text (``WIDER_GAIN``). ScanCode's database holds many near copies of
    the permissive notices (X11R5's, "MIT old style" ...); an HPND text is not one of them because a
    pair of them explains a few more of its words. An answer that keeps the SPDX licenses and adds one
    SPDX does not list, held nearly whole, wins on the gain alone (a BSD-3-Clause text followed by the
    TCG's specification license). A long text SPDX finds nothing in, explained nearly whole by one
    reference it holds ``TERMS_WITHOUT_APPENDIX`` of, is that license's terms without the appendix
    ScanCode's copy carries (the Free Art License 1.3 without its user guide)."""
    (spdx, spdx_explained), (other, other_explained) = found, wider
    listed = reference_index().ids
    if long_text and not spdx and other and other[0].spdx not in listed \
            and other[0].containment >= TERMS_WITHOUT_APPENDIX and other_explained >= SETTLED:
        return True
    if other and spdx and other[0].spdx in listed and {m.spdx for m in spdx} <= {m.spdx for m in other}:
        added = [m for m in other if m.spdx not in listed]
        return bool(added) and added[0].containment >= NEARLY_WHOLE and other_explained >= spdx_explained + WIDER_GAIN
    if not other or other[0].spdx in listed or other[0].containment < NEARLY_WHOLE:
        return False
    if spdx and other[0].dice < spdx[0].dice + WIDER_DICE:
        return False
    return other_explained >= spdx_explained + WIDER_GAIN


def _settled(matches: list[TextMatch], explained: float) -> bool:
    """Whether an SPDX answer needs no second look: an exact copy, a text its references explain nearly
    whole, or a held matching template or license held nearly whole that explains most of the text (IBM's
    DHCP grant holds ISC's template and says as much again)."""
    if not matches:
        return False
    held = matches[0].template_held or matches[0].containment >= NEARLY_WHOLE
    return matches[0].exact or explained >= SETTLED or (held and explained >= HELD_SETTLES)


def _match_text(text: str, words: list[str], index: ReferenceIndex) -> tuple[list[TextMatch], float]:
    if not words:
        return [], 0.0
    exact = index.exact.get(digest(words))
    if exact is not None:
        return [TextMatch(index.ids[exact], 1.0, 1.0, exact=True)], 1.0
    ids = index.encode(words)
    doc = index.shingles_of(ids)
    matches, explained = _match_shingles(doc, index, TemplateText.of(text, words))
    if matches and explained < SPLIT_BELOW:
        starts = part_starts(ids, index)
        if len(starts) > 1:
            parts = _match_parts(words, ids, starts, index)
            if parts is not None and parts[1] > explained:
                return parts
    return matches, explained


def _match_parts(words: list[str], ids: np.ndarray, starts: list[int], index: ReferenceIndex
                 ) -> tuple[list[TextMatch], float] | None:
    """Each part of a bundle matched on its own. A part that holds no license well enough (a notice
    no reference has, between two texts that do) is matched together with the part before it; None
    when the first part holds none (the cuts were no license boundaries after all)."""
    found: dict[str, TextMatch] = {}
    explained_shingles = total = 0.0
    if len(starts) > 2:  # the text before the first opening: a license of its own, or the next one's preamble
        before = slice(starts[0], starts[1])
        head, _ = _match_shingles(index.shingles_of(ids[before]), index, TemplateText.of_words(words[before]))
        if not head or head[0].containment < FURTHER_CONTAINMENT:
            starts = [starts[0], *starts[2:]]
    matched: list[tuple[int, tuple[np.ndarray, list[TextMatch], float, int]]] = []
    for start, end in zip(starts, [*starts[1:], len(ids)], strict=True):
        part = _match_part(words, ids, start, end, index)
        if part is None and matched:
            start = matched.pop()[0]
            part = _match_part(words, ids, start, end, index)
        if part is None:
            return None
        matched.append((start, part))
    parts: list[tuple[np.ndarray, str]] = []  # each part's shingles and first match
    for _, (doc, matches, explained, size) in matched:
        for m in matches:
            if m.spdx not in found or m.containment > found[m.spdx].containment:
                found[m.spdx] = m
        parts.append((doc, matches[0].spdx))
        explained_shingles += explained * size
        total += size
    pieces = _pieces_of_one_text(parts, index)
    return [m for m in found.values() if m.spdx not in pieces], explained_shingles / max(total, 1.0)


def _match_part(words: list[str], ids: np.ndarray, start: int, end: int, index: ReferenceIndex
                ) -> tuple[np.ndarray, list[TextMatch], float, int] | None:
    """(shingles, matches, share explained, size) of the words ``start:end``; None when no reference
    is mostly present there."""
    doc = index.shingles_of(ids[start:end])
    exact = index.exact.get(digest(words[start:end]))
    if exact is not None:
        return doc, [TextMatch(index.ids[exact], 1.0, 1.0)], 1.0, end - start
    matches, explained = _match_shingles(doc, index, TemplateText.of_words(words[start:end]))
    if not matches or matches[0].containment < FURTHER_CONTAINMENT:
        return None
    return doc, matches, explained, len(doc)


def _match_shingles(doc: np.ndarray, index: ReferenceIndex, text: TemplateText | None = None
                    ) -> tuple[list[TextMatch], float]:
    """The references found in one text's shingle set, best first, and the share they explain.
    ``text`` lets SPDX's matching templates pick the first match (``_template_choice``)."""
    total = len(doc)
    if total == 0:
        return [], 0.0
    matches: list[TextMatch] = []
    templated: int | None = None
    rest = doc
    containment = index.overlap(doc) / np.maximum(index.sizes, 1)
    while len(rest) >= MIN_REST and len(matches) < MAX_LICENSES:
        shared = index.overlap(rest) if matches else containment * index.sizes
        gain = shared / np.maximum(index.sizes, 1)
        dice = 2 * shared / (index.sizes + len(rest))
        floor = FIRST_CONTAINMENT if not matches else FURTHER_CONTAINMENT
        enough = np.minimum(MIN_FURTHER_SHINGLES, SHORT_FURTHER_NEW * index.sizes) if matches else 0
        eligible = np.flatnonzero((containment >= floor) & (gain >= MIN_GAIN) & (shared >= enough))
        if not matches and text is not None:
            templated = _template_choice(eligible, dice, shared, len(rest), index, text) if len(eligible) else None
            if templated is None:  # a template held whole though many of its optional words are missing
                templated = _held_below_floor(eligible, containment, dice, shared, len(rest), index, text)
                if templated is not None:
                    eligible = np.append(eligible, templated)
        if len(eligible) == 0:
            break
        if matches:  # among the (nearly) fully present, the one that explains the most new text
            top = eligible[containment[eligible] >= containment[eligible].max() - 0.05]
            best = int(top[np.argmax(shared[top])])
            held = _held_templates(eligible[np.argsort(-shared[eligible], kind="stable")], index, text) if text else []
            if held and best not in [i for _, i, _ in held]:  # a bundled BSD-3-Clause whose clause 3 names "the author"
                best = max(held)[1]
        else:
            best = int(eligible[np.argmax(dice[eligible])])
            if templated is not None:
                best = templated
            elif dice[best] >= TIE_BREAK_DICE and index.ids[best] not in COMMON:
                whole = containment[best] >= HELD_WHOLE
                common = [int(i) for i in eligible if index.ids[i] in COMMON and dice[i] >= dice[best] - NEAR_TIE
                          and not (whole and shared[i] < shared[best])]
                if common:
                    best = max(common, key=lambda i: dice[i])
        left = rest[~np.isin(rest, index.shingles[best], assume_unique=True)]
        if not matches and templated is None:
            variant = _variant_explaining(left, best, containment, index)
            if variant is None and (containment[best] < FULLER_WHEN_BELOW or index.ids[best].startswith("LicenseRef-")):
                variant = _fuller_reference(rest, best, eligible, shared, index)
            if variant is None and len(rest) - len(left) < LONGER_FORM_BELOW * len(rest):
                variant = _longer_form(rest, best, containment, shared, index)
            if variant is not None:
                best, left = variant, rest[~np.isin(rest, index.shingles[variant], assume_unique=True)]
        matches.append(TextMatch(index.ids[best], float(containment[best]), float(dice[best]),
                                 template_held=not matches and templated is not None))
        rest = left
    explained = 1.0 - len(rest) / total
    return matches, explained


def _pieces_of_one_text(parts: list[tuple[np.ndarray, str]], index: ReferenceIndex) -> set[str]:
    """Licenses found in one part that are a piece of the next or previous part's license: their
    reference lies (``SUBSUMED``) inside that license's reference, which the two parts together hold
    whole (``WHOLE``) and its own part does not, lacking the first license's words (``ELSEWHERE``). A CPython LICENSE cut at "PSF LICENSE AGREEMENT" is
    Python-2.0.1 (PSF, BeOpen, CNRI and CWI agreements), not PSF-2.0 beside it; a BSD-2-Clause
    component beside a BSD-3-Clause one is two licenses."""
    pieces: set[str] = set()
    for first, second in pairwise(parts):
        for (doc_x, x), (doc_y, y) in ((first, second), (second, first)):
            ref_x, ref_y = _reference_of(x, index), _reference_of(y, index)
            if x == y or len(ref_y) <= len(ref_x) or np.isin(ref_x, ref_y, assume_unique=True).mean() < SUBSUMED:
                continue
            if np.isin(ref_x, doc_y).mean() >= ELSEWHERE:
                continue  # the other part holds this license's words itself: an X11 notice beside an MIT one
            both = np.union1d(doc_x, doc_y)
            if np.isin(ref_y, both).mean() >= WHOLE > np.isin(ref_y, doc_y).mean():
                pieces.add(x)
    return pieces


def _reference_of(spdx: str, index: ReferenceIndex) -> np.ndarray:
    return index.shingles[index.ids.index(spdx)]


def _held_templates(ranked: np.ndarray, index: ReferenceIndex, text: TemplateText, margins: bool = False
                    ) -> list[tuple[int, int, int]]:
    """(fixed words, reference, words of the text the match spans) for each of the first
    ``TEMPLATE_CANDIDATES`` of ``ranked`` whose SPDX matching template the text holds whole; with
    ``margins``, also the words the template's leading and trailing optional regions may account for."""
    held = []
    for i in ranked[:TEMPLATE_CANDIDATES]:
        reference = template(index.ids[i])
        span = reference.search(text.words) if reference is not None else None
        if span is not None:
            spanned = reference.covered(text.words, span) if margins else text.words.count(" ", *span)
            held.append((reference.literal_words, int(i), spanned))
    return held


def _held_below_floor(eligible: np.ndarray, containment: np.ndarray, dice: np.ndarray, shared: np.ndarray,
                      doc_size: int, index: ReferenceIndex, text: TemplateText) -> int | None:
    """A reference present below ``FIRST_CONTAINMENT`` (at least ``TEMPLATE_FLOOR``) whose matching template
    the text holds whole and which, with the template's optional opening and closing regions, accounts
    for as much of the text as the best eligible match by Dice explains: HPND-sell-variant without its
    optional DISCLAIMS paragraph, which Dice puts below HPND-export-US, whose export sentence the text
    lacks. The most specific of several; None when no such template is held."""
    below = np.flatnonzero((containment >= TEMPLATE_FLOOR) & (containment < FIRST_CONTAINMENT))
    if len(below) == 0:
        return None
    if len(eligible):
        winner = eligible[np.argmax(dice[eligible])]
        allowed = (doc_size - int(shared[winner])) / max(doc_size, 1) * text.plain_words
    else:
        allowed = max(TEMPLATE_SLACK, TEMPLATE_SLACK_SHARE * text.plain_words)
    return _most_specific_held(below[np.argsort(-dice[below], kind="stable")], index, text, allowed, margins=True)


def _template_choice(eligible: np.ndarray, dice: np.ndarray, shared: np.ndarray, doc_size: int,
                     index: ReferenceIndex, text: TemplateText) -> int | None:
    """Of the best ``TEMPLATE_CANDIDATES`` references by Dice, one whose SPDX matching template the
    text holds whole, leaving no more of the text outside it than the best by Dice leaves unexplained
    (give or take ``TEMPLATE_SLACK`` words or ``TEMPLATE_SLACK_SHARE`` of the text): the most specific (most fixed words) of several, X11
    rather than MIT, whose template X11's text also holds. None when the text holds none of them
    whole (a reworded clause): then Dice decides. MIT's template inside an MIT text with a closing
    "names of the authors shall not be used" paragraph is no reason to drop that paragraph's license."""
    ranked = eligible[np.argsort(-dice[eligible], kind="stable")]
    # the Dice winner's unexplained share of the text's distinct shingles, in words of the text
    unexplained = (doc_size - int(shared[ranked[0]])) / max(doc_size, 1) * text.plain_words
    allowed = unexplained + max(TEMPLATE_SLACK, TEMPLATE_SLACK_SHARE * text.plain_words)
    ranked = ranked[shared[ranked] >= shared[ranked[0]] - TEMPLATE_EXPLAINS_LESS * doc_size]
    return _most_specific_held(ranked, index, text, allowed)


def _most_specific_held(ranked: np.ndarray, index: ReferenceIndex, text: TemplateText, allowed: float,
                        margins: bool = False) -> int | None:
    """Of ``_held_templates``, the one with the most fixed words among those leaving at most ``allowed``
    words of the text outside them; None when there is none."""
    held = [(fixed, i) for fixed, i, spanned in _held_templates(ranked, index, text, margins)
            if text.plain_words - spanned <= allowed]
    return max(held)[1] if held else None


def _deviation(rest: np.ndarray, index: ReferenceIndex) -> np.ndarray:
    """The shingles of ``rest`` (what a match left unexplained) that at most ``RARE_IN`` references hold."""
    held = np.searchsorted(index.posting_shingles, rest, "right") - np.searchsorted(index.posting_shingles, rest, "left")
    return rest[(held > 0) & (held <= RARE_IN)]


#: Per index (by identity of its ids) and reference: the references whose ids extend that one's.
_VARIANTS: dict[tuple[int, int], tuple[int, ...]] = {}


def _variants(index: ReferenceIndex, base: int) -> tuple[int, ...]:
    key = (id(index.ids), base)
    if key not in _VARIANTS:
        prefix = index.ids[base] + "-"
        _VARIANTS[key] = tuple(i for i, spdx in enumerate(index.ids) if spdx.startswith(prefix))
    return _VARIANTS[key]


def _variant_explaining(left: np.ndarray, base: int, containment: np.ndarray, index: ReferenceIndex) -> int | None:
    """The SPDX variant of reference ``base`` (an id that extends it: BSD-2-Clause-Darwin of
    BSD-2-Clause) that explains what the text says beyond ``base`` (``left``, its unexplained
    shingles): Darwin's "notice immediately at the beginning of the file, without modification" is a
    clause BSD-2-Clause lacks, and the text is that variant even when it omits another paragraph of
    it. None when the text departs too little (a holder's name) or no variant explains it."""
    deviation = _deviation(left, index)
    if len(deviation) < MIN_DEVIATION:
        return None
    best, best_share = None, VARIANT_EXPLAINS
    for i in _variants(index, base):
        if containment[i] >= FIRST_CONTAINMENT:
            share = float(np.isin(deviation, index.shingles[i], assume_unique=True).mean())
            if share >= best_share:
                best, best_share = i, share
    return best


def _fuller_reference(doc: np.ndarray, base: int, eligible: np.ndarray, shared: np.ndarray,
                      index: ReferenceIndex) -> int | None:
    """A reference that explains everything in ``doc`` that reference ``base`` (the best by Dice, held
    only in good part) explains, give or take ``FULLER_SLACK`` of it, and at least ``MIN_DEVIATION``
    shingles more, while the text lacks what sets ``base`` apart from it: the text is that license.
    Dice favours a short reference over a long one whose preamble the text leaves out, so
    Unicode-DFS-2016's notice without the agreement's preamble is nearer by Dice to Unicode-3.0 (whose
    grant says "data files", not "the Unicode data files") or to Unicode's older notice (whose clause
    (c) it lacks); DFS-2016 alone explains all of it. Of several, the one explaining the most."""
    more = eligible[shared[eligible] >= shared[base] + MIN_DEVIATION]
    if len(more) == 0 or any(index.ids[i] == index.ids[base] for i in more):
        return None  # the same license's longer text (with its appendix) explains the rest
    for i in _holding_what_base_explains(doc, base, more, shared, index):
        # what sets ``base`` apart from it (Unicode's old clause (c)) must be mostly missing from the text
        apart = np.setdiff1d(index.shingles[base], index.shingles[i], assume_unique=True)
        if len(apart) and float(np.isin(apart, doc, assume_unique=True).mean()) < FULLER_BASE_APART:
            return int(i)
    return None


def _longer_form(doc: np.ndarray, base: int, containment: np.ndarray, shared: np.ndarray,
                 index: ReferenceIndex) -> int | None:
    """A longer reference the text follows beyond reference ``base`` (the best by Dice, which explains
    under ``LONGER_FORM_BELOW`` of the text): it holds what ``base`` explains (give or take
    ``FULLER_SLACK``), explains ``LONGER_GAIN`` times as much, and is at least ``LONGER_CONTAINMENT``
    present. IJG's README for release 9 holds the short IJG notice whole and the SPDX IJG text (the
    README of release 6b) in good part: everything but the paragraphs on ansi2knr the later README
    dropped. Of several, the one explaining the most."""
    longer = np.flatnonzero((containment >= LONGER_CONTAINMENT) & (shared >= LONGER_GAIN * shared[base]))
    return next(_holding_what_base_explains(doc, base, longer, shared, index), None)


def _holding_what_base_explains(doc: np.ndarray, base: int, candidates: np.ndarray, shared: np.ndarray,
                                index: ReferenceIndex) -> Iterator[int]:
    """The ``candidates`` whose reference holds the shingles of ``doc`` that reference ``base``
    explains, give or take ``FULLER_SLACK`` of them; the one explaining the most of ``doc`` first."""
    if len(candidates) == 0:
        return
    mine = doc[np.isin(doc, index.shingles[base], assume_unique=True)]
    slack = max(1, int(FULLER_SLACK * len(mine)))
    for i in candidates[np.argsort(-shared[candidates], kind="stable")]:
        if int((~np.isin(mine, index.shingles[i], assume_unique=True)).sum()) <= slack:
            yield int(i)


def explains_deviation(text: str, variant: str, base: str, index: ReferenceIndex | None = None) -> bool:
    """Whether reference ``variant`` explains what ``text`` says beyond reference ``base`` (see
    ``_variant_explaining``): the text is that variant even if it lacks some of its words."""
    mine, theirs = _ref_shingles(variant, index), _ref_shingles(base, index)
    words = license_words(text)
    index = index or reference_index()
    if len(mine) == 0 or len(theirs) == 0 or not words:
        return False
    doc = index.shingles_of(index.encode(words))
    deviation = _deviation(doc[~np.isin(doc, theirs)], index)
    if len(deviation) < MIN_DEVIATION:
        return False
    return float(np.isin(deviation, mine).mean()) >= VARIANT_EXPLAINS


def identify_license_text(text: str, where: str) -> Finding | None:
    """A ``license-file`` finding for a full license text, or None when no reference is mostly
    present. Several licenses in one file are joined with AND: each one's terms apply to something."""
    matches, explained = match_license_text(text)
    if not matches:
        return None
    matches = _in_written_order(_with_endorsement_allowed(matches, text), text)
    spdx = " AND ".join(dict.fromkeys(m.spdx for m in matches))
    if matches[0].exact:
        confidence = 1.0
    else:
        weakest = min(TEMPLATE_HELD_PRESENT if m.template_held else m.containment for m in matches)
        confidence = round(min(1.0, weakest) * (0.5 + 0.5 * explained), 3)
    how = "exact copy" if matches[0].exact else ", ".join(f"{m.spdx} {m.containment:.0%} present" for m in matches)
    return Finding(spdx, "license-file", where, clip(f"{how}; {explained:.0%} of the file explained"),
                   confidence)


def _with_endorsement_allowed(matches: list[TextMatch], text: str) -> list[TextMatch]:
    """A BSD-3-Clause whose third clause says the author's name "may be used to endorse" (the "not"
    left out: msinttypes' stdint.h, copied into many projects) grants what BSD-3-Clause forbids; it is
    ScanCode's ``bsd-endorsement-allowed`` text, which SPDX does not list. The word is too small for
    shingles or SPDX's template to tell the two apart."""
    if "endorse" not in text or not _endorsement_allowed(text):
        return matches
    return [dataclasses.replace(m, spdx=ENDORSEMENT_ALLOWED) if m.spdx.startswith("BSD-3-Clause") else m
            for m in matches]


_NAME_CLAUSE = re.compile(r"\bexcept\s+as\s+contained\s+in\s+this\s+notice\b", re.IGNORECASE)
_AS_IS = re.compile(r"\bprovided\W+as\W+is\b", re.IGNORECASE)


def _in_written_order(matches: list[TextMatch], text: str) -> list[TextMatch]:
    """X11-swapped is the X11 text with its name clause ("Except as contained in this notice, the name ...
    shall not be used in advertising") moved above the warranty disclaimer: shingles see the same words
    either way, so a text worded like X11-swapped's ("the name(s) of the above copyright holders") but in
    X11's order (the clause last, libstopt5's sobol_lib.py) is X11. The order decides."""
    if len(matches) != 1 or matches[0].spdx != "X11-swapped":  # a bundle's other texts have disclaimers too
        return matches
    clause, disclaimer = _NAME_CLAUSE.search(text), _AS_IS.search(text)
    if clause is None or disclaimer is None or clause.start() < disclaimer.start():
        return matches
    return [dataclasses.replace(matches[0], spdx="X11")]


def _endorsement_allowed(text: str) -> bool:
    """Whether every endorsement clause of ``text`` allows it: "may be used to endorse" with no
    "not", "neither" or "nor" earlier in its clause (one of the clause's own lines)."""
    clauses = [text[max(0, m.start() - ENDORSEMENT_REACH): m.start()] for m in _ENDORSE.finditer(text)]
    if not clauses:
        return False
    return all(_MAY_BE.search(before) and not _NEGATION.search(_CLAUSE_START.split(before)[-1])
               for before in clauses)


@lru_cache(maxsize=512)
def _reference_shingles(spdx: str) -> np.ndarray:
    """Sorted unique shingles of the shipped reference text of ``spdx`` (empty without one), for the
    default index: paragraph checks ask for the same few references again and again."""
    return _shingles_of_reference(spdx, reference_index())


def _shingles_of_reference(spdx: str, index: ReferenceIndex) -> np.ndarray:
    reference = reference_text(spdx)
    if not reference:
        return np.empty(0, dtype=np.int64)
    return index.shingles_of(index.encode(license_words(reference, template=True)))


def _ref_shingles(spdx: str, index: ReferenceIndex | None) -> np.ndarray:
    return _reference_shingles(spdx) if index is None else _shingles_of_reference(spdx, index)


def shared_shares(text: str, spdx: str, index: ReferenceIndex | None = None) -> tuple[float, float]:
    """(share of the reference text of ``spdx`` present in ``text``, share of ``text`` the reference
    explains), by shingles; (0, 0) without a reference: how well one license accounts for a paragraph."""
    ref, words = _ref_shingles(spdx, index), license_words(text)
    index = index or reference_index()
    if len(ref) == 0 or not words:
        return 0.0, 0.0
    doc = index.shingles_of(index.encode(words))
    if len(doc) == 0:
        return 0.0, 0.0
    return float(np.isin(ref, doc).mean()), float(np.isin(doc, ref).mean())


def distinguishing_share(text: str, winner: str, other: str, index: ReferenceIndex | None = None) -> float:
    """Share of the shingles that set reference ``winner`` apart from ``other`` which ``text`` holds
    (1.0 when nothing sets it apart). BSD-4-Clause-UC beside BSD-4-Clause: the University of California
    credit is there; BSD-2-Clause-pos-unchanged beside BSD-2-Clause: "in this position and unchanged"
    may be missing, and the look-alike then won on wording both may vary."""
    index = index or reference_index()
    mine, theirs = reference_text(winner), reference_text(other)
    words = license_words(text)
    if not mine or not theirs or not words:
        return 1.0
    apart = np.setdiff1d(index.shingles_of(index.encode(license_words(mine))),
                         index.shingles_of(index.encode(license_words(theirs))))
    if len(apart) == 0:
        return 1.0
    return float(np.isin(apart, index.shingles_of(index.encode(words))).mean())


def reference_span(text: str, spdx: str, index: ReferenceIndex | None = None) -> tuple[int, int] | None:
    """The first and last line (1-based) of ``text`` that hold words of the reference text of
    ``spdx``, when that reference is nearly whole in the text (``SPAN_CONTAINMENT``); None otherwise.
    A statement between them is part of that license's text as the file quotes it: Creative Commons'
    legal code says "The text of the Creative Commons public licenses is dedicated to the public domain
    under the CC0 Public Domain Dedication", a sentence SPDX's copy of CC-BY-4.0 leaves out. A Markdown
    link's target is layout: the GPL's last sentence linking "[GNU Lesser General Public
    License](https://www.gnu.org/licenses/lgpl.html)" still ends the GPL's text."""
    ref = _ref_shingles(spdx, index)
    index = index or reference_index()
    if len(ref) == 0:
        return None
    per_line = [index.encode(license_words(_MARKDOWN_TARGET.sub("]", line))) for line in text.split("\n")]
    line_of = np.repeat(np.arange(1, len(per_line) + 1), [len(ids) for ids in per_line])
    ordered = index.ordered_shingles(np.concatenate(per_line)) if per_line else np.empty(0, dtype=np.int64)
    held = np.isin(ordered, ref)
    if not held.any() or float(np.isin(ref, ordered[held]).mean()) < SPAN_CONTAINMENT:
        return None
    # only runs of the reference's words, not a phrase it shares with the file's own sentence ("in the public")
    edges = np.flatnonzero(np.diff(np.concatenate(([0], held.astype(np.int8), [0]))))
    starts, ends = edges[0::2], edges[1::2]
    long = ends - starts >= SPAN_RUN
    if not long.any():
        return None
    return int(line_of[starts[long][0]]), int(line_of[ends[long][-1] - 1 + SHINGLE - 1])
