"""Minimal reproductions of the weaknesses the detection evaluation found in ``clearance``.

    python benchmarks/detection/repros.py

Each case builds a tiny index, runs one search and prints what was expected next to what
came back, so a fix can be checked in a second. ``docs/bench/detection.md`` explains how
each one shows up in the full evaluation.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from clearance.documents import Document
from clearance.index import Index, build_index
from clearance.matches import Match


def _search(docs: list[Document], query: str, work: Path) -> list[Match]:
    build_index(docs, work / "index", force=True)
    with Index(work / "index") as index:
        return index.search(query)


def name_list_matches_code(work: Path) -> bool:
    """Prose that lists things ("a, b, c, ...") is reported as a copy of any code that lists
    names: the code channel abstracts every identifier, and a renaming in which each name
    occurs once is always "consistent"."""
    names = ("Any Callable Awaitable Iterable Iterator Mapping Optional Sequence Hashable Sized "
             "cast overload TypeVar Generic Protocol Literal").split()
    code = "from typing import (\n" + "".join(f"    {n},\n" for n in names) + ")\n"
    query = ("Tonight we cook salmon, risotto, asparagus, lemons, butter, garlic, parsley, capers, "
             "shallots, cream, thyme, pepper, onions, carrots, celery, potatoes, with a glass of wine.")
    found = _search([Document("helpers.py", code, license="GPL-3.0-only")], query, work)
    print("  expected: no match")
    for m in found:
        print(f"  got: {m.kind} score={m.score} {m.doc_id} ({m.license}) for {m.text[:60]!r}...")
    return not found


def merged_alignments_widen_citation(work: Path) -> bool:
    """A verbatim copy of two of three near-identical paragraphs is reported as a fuzzy match
    whose cited span covers all three: candidates aligned to different places of the same
    document are merged into one, taking the union of their document spans."""
    p = "Pointer to the integer where the {} version of the Composite Extension supported by the X server will be stored."
    doc = "Arguments\n\n" + "\n\n".join(p.format(w) for w in ("major", "minor", "patch")) + "\n\nThe window.\n"
    copied = p.format("minor") + "\n\n" + p.format("patch")
    found = _search([Document("xcomp.txt", doc)], "Here is what I found: " + copied + " Hope that helps.", work)
    start = doc.index(copied)
    end = start + len(copied.rstrip("."))  # spans end at the last word
    print(f"  expected: exact, score 1.0, doc span ({start}, {end})")
    for m in found:
        print(f"  got: {m.kind}, score {m.score}, doc span ({m.doc_start}, {m.doc_end})")
    return len(found) == 1 and (found[0].doc_start, found[0].doc_end) == (start, end)


def boilerplate_hides_the_source(work: Path) -> bool:
    """When a passage is boilerplate held by more than ``max_postings`` (64) documents, only the
    first 64 in index order are verified, and a lone hit on the copy's distinctive tail is
    skipped (not ``rare``): the one document holding the whole copy is never cited, and the
    match cites another holder (and its license) for a shorter span. (At ec7918b
    ``count_exact`` also claimed the count of 64 exact, with 101 holders; now it is False.)"""
    boiler = ("This command is currently in alpha and might change without notice. If this command fails "
              "with API permission errors despite specifying the correct project, you might be trying to "
              "access an API with an invitation-only early access allowlist. These variants are also available:")
    docs = [Document(f"page{i:03d}.txt", f"Page {i}, section {i * 7}.\n\n{boiler}\n\n$ tool command{i}\n", license="MIT")
            for i in range(100)]
    docs.append(Document("last.txt", f"The last page.\n\n{boiler}\n\n$ gcloud container images add-tag\n", license="GPL-3.0-only"))
    query = "I remember this: " + boiler + "\n\n$ gcloud container images add-tag\n"
    found = _search(docs, query, work)
    print(f"  expected: last.txt (GPL-3.0-only) cited for ({len('I remember this: ')}, {len(query) - 1})")
    for m in found:
        print(f"  got: {m.doc_id} ({m.license}) span ({m.start}, {m.end}), count={m.count}, count_exact={m.count_exact}")
    return any(m.doc_id == "last.txt" for m in found)


def fuzzy_chaining_is_superquadratic(work: Path) -> bool:
    """Chaining runs is about cubic in the number of runs: a code list of quoted words with
    one word in twelve replaced gives thousands of short runs, and one query of 10 KB takes
    tens of seconds (the evaluation's p99 latency comes from such outputs)."""
    rng = random.Random(0)
    vocab = sorted({"".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(3000)})
    words = rng.sample(vocab, 1200)
    doc = "KEYWORDS = (\n" + "".join(f"    '{a}', '{b}', '{c}', '{d}',\n" for a, b, c, d in zip(*[iter(words)] * 4)) + ")\n"
    build_index([Document("lexer.py", doc)], work / "index", force=True)
    seconds, found = [], []
    with Index(work / "index") as index:
        for lines in (30, 60, 120):
            copied = "".join(doc.splitlines(keepends=True)[10 : 10 + lines])
            query = " ".join(w if rng.random() > 1 / 12 else "zzz" for w in copied.split(" "))
            clock = time.perf_counter()
            matches = index.search("Here are the keywords:\n" + query)
            seconds.append(time.perf_counter() - clock)
            found.append(bool(matches))
            print(f"  {lines:4d} lines ({len(query):6d} chars): {seconds[-1]:.2f} s, {len(matches)} match(es)")
    print("  expected: time about linear in the query length, the copy found")
    return all(found) and seconds[-1] < 0.5 + 6 * seconds[0]


#: Part of the doctests in CPython's ``Lib/test/test_extcall.py`` (a document of the corpus).
_EXTCALL = """   Traceback (most recent call last):
      ...
    TypeError: h() got an unexpected keyword argument 'e'

    >>> h(*h)
    Traceback (most recent call last):
      ...
    TypeError: test.test_extcall.h() argument after * must be an iterable, not function

    >>> h(1, *h)
    Traceback (most recent call last):
      ...
    TypeError: Value after * must be an iterable, not function

    >>> h(*[1], *h)
    Traceback (most recent call last):
      ...
    TypeError: Value after * must be an iterable, not function

    >>> dir(*h)
    Traceback (most recent call last):
      ...
    TypeError: dir() argument after * must be an iterable, not function

    >>> nothing = None
    >>> nothing(*h)
    Traceback (most recent call last):
      ...
    TypeError: None argument after * must be an iterable, not function

    >>> h(**h)
    Traceback (most recent call last):
      ...
    TypeError: test.test_extcall.h() argument after ** must be a mapping, not function

    >>> h(**[])
    Traceback (most recent call last):
      ...
    TypeError: test.test_extcall.h() argument after ** must be a mapping, not list

    >>> h(a=1, **h)
    Traceback (most recent call last):
      ...
    TypeError: test.test_extcall.h() argument after ** must be a mapping, not function

    >>> h(a=1, **[])
    Traceback (most recent call last):
      ...
    TypeError: test.test_extcall.h() argument after ** must be a mapping, not list

    >>> h(**{'a': 1}, **h)
    Traceback (most recent call last):
      ...
    TypeError: test.test_extcall.h() argument after ** must be a mapping, not function

    >>> h(**{'a': 1}, **[])
    Traceback (most recent call last):
      ...
    TypeError: test.test_extcall.h() argument after ** must be a mapping, not list

    >>> dir(**h)
    Traceback (most recent call last):
      ...
    TypeError: dir() argument after ** must be a mappin"""


def repeated_blocks_hide_a_verbatim_copy(work: Path) -> bool:
    """A verbatim 197-character copy from a document of near-identical doctest blocks is not
    found at all (since 17a55b7; ec7918b found it, aligned to the wrong block). Clusters of one
    document with the same query range are grouped as "copies of one common phrase", only the
    first is verified, and when that first one is a near-miss repetition the right one is
    never looked at."""
    query = _EXTCALL[996 : 1193]
    found = _search([Document("test_extcall.txt", _EXTCALL)], query, work)
    print("  expected: a match of doc span (996, 1193)")
    for m in found:
        print(f"  got: {m.kind} doc span ({m.doc_start}, {m.doc_end})")
    if not found:
        print("  got: no match")
    return any(m.doc_start <= 996 and m.doc_end >= 1173 for m in found)


CASES: dict[str, Callable[[Path], bool]] = {
    "name list matches code": name_list_matches_code,
    "merged alignments widen the citation": merged_alignments_widen_citation,
    "boilerplate hides the source": boilerplate_hides_the_source,
    "fuzzy chaining is superquadratic": fuzzy_chaining_is_superquadratic,
    "repeated blocks hide a verbatim copy": repeated_blocks_hide_a_verbatim_copy,
}


def main() -> int:
    failed = 0
    for name, case in CASES.items():
        print(f"{name}:")
        with tempfile.TemporaryDirectory() as tmp:
            ok = case(Path(tmp))
        print(f"  -> {'fixed' if ok else 'REPRODUCED'}\n")
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
