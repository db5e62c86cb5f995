"""License exceptions found by their texts: the exceptions of ScanCode's database (SPDX's and those SPDX
does not list, such as ZeroMQ's LGPL exception or the Commons Clause), shipped in
``data/scancode-texts.json.zst`` under ``exceptions``.

``exceptions.py`` recognizes a dozen common exceptions by a phrase, reworded copies included; this
module finds any of the database's 191 where a text holds it nearly word for word. An exception is
looked for only when one of its anchors (the two words of its text that fewest other license texts hold)
is among the text's words, so a file with no exception costs one pass over its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from clearance.licenses.catalog import lookup
from clearance.licenses.detect.normalize import word_pairs
from clearance.licenses.detect.scancode_data import scancode_payload

#: Share of an exception's word pairs a text must hold for the exception to be found in it.
HELD = 0.9
#: Suffixes that make an id one version of a license family ("GPL-2.0-or-later" is of "GPL-2.0").
_VERSION_SUFFIX = re.compile(r"-(?:only|or-later)$")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class ExceptionText:
    spdx: str
    pairs: frozenset[tuple[str, str]]
    #: Lower-case keys of the licenses its own text names.
    names: frozenset[str]
    #: Id prefixes of the licenses it can modify: the families its text names ("GPL-2.0", or "GPL-" for
    #: an unversioned GPL), or "" (any license) when it names none (the Commons Clause's "the License").
    applies_to: tuple[str, ...]
    #: The one license its text names, which it modifies in a file that grants no license of
    #: ``applies_to`` itself (Red Hat's Liberation font agreement: the GPL with its exceptions).
    governs: str | None


def _licenses(names: list[str]) -> list[str]:
    """The SPDX licenses among an exception's names (not "All rights reserved" and the like)."""
    return [name for name in names if not name.startswith("licenseref-")]


def _applies_to(names: list[str]) -> tuple[str, ...]:
    families = set()
    for name in _licenses(names):
        if name.endswith("-1.0-or-later") and name.startswith(("gpl-", "lgpl-", "agpl-")):
            families.add(name.split("-", 1)[0].upper() + "-")  # an unversioned GNU name: any version
        else:
            families.add(_VERSION_SUFFIX.sub("", name).upper())
    return tuple(sorted(families)) or ("",)


def _governs(names: list[str]) -> str | None:
    licenses = _licenses(names)
    entry = lookup(licenses[0]) if len(licenses) == 1 else None
    return entry.key if entry is not None else None


@cache
def _exception_texts() -> tuple[tuple[ExceptionText, ...], dict[str, tuple[int, ...]]]:
    """The exceptions, and by each of their anchor words the exceptions (by position) that have it."""
    entries = scancode_payload()["exceptions"]
    texts, by_anchor = [], {}
    for i, exc in enumerate(entries):
        texts.append(ExceptionText(exc["id"], word_pairs(exc["text"], template=True), frozenset(exc["names"]),
                                   _applies_to(exc["names"]), _governs(exc["names"])))
        for anchor in exc["anchors"]:
            by_anchor.setdefault(anchor, []).append(i)
    return tuple(texts), {anchor: tuple(ids) for anchor, ids in by_anchor.items()}


def find_exception_texts(text: str) -> tuple[ExceptionText, ...]:
    """The exceptions ``text`` holds nearly word for word; of two where one is mostly the other's words
    (GPL-3.0-linking-exception inside GPL-3.0-linking-source-exception), the one sharing more of the text's
    word pairs, and of two sharing as many, the fuller."""
    texts, by_anchor = _exception_texts()
    # one pass over the text's words (a regex of every anchor costs ten times more)
    words = set(_WORD.findall(text.lower()))
    # either anchor will do: a copy may update the one the database's text has (GNAT's exception under a GPL
    # notice whose FSF address moved from Temple Place)
    candidates = {i for anchor in by_anchor.keys() & words for i in by_anchor[anchor]}
    if not candidates:
        return ()
    pairs = word_pairs(text)
    shared = {i: len(texts[i].pairs & pairs) for i in sorted(candidates)}
    held = [i for i, n in shared.items() if n >= HELD * len(texts[i].pairs)]
    kept: list[ExceptionText] = []
    # the one that explains most of the text first: Libtool's exception "to the GNU General Public License"
    # over its Lesser twin, which has a word more but holds one pair less of this text
    for exc in (texts[i] for i in sorted(held, key=lambda i: (-shared[i], -len(texts[i].pairs)))):
        if not any(len(exc.pairs & other.pairs) >= HELD * len(exc.pairs) for other in kept):
            kept.append(exc)
    return tuple(kept)
