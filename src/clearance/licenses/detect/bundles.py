"""Where a file that bundles several license texts one after another (libarchive's COPYING: three BSD
variants in a row) can be cut into one part per license.

Matched whole, such a file finds the one reference closest to the mixture (BSD-3-Clause-HP), and
the near variants after it add no shingles it has not already explained. Cut at the places where a
reference text opens (a run of shingles from the first few of some reference: "redistribution and
use in source and binary forms", "permission is hereby granted free of charge"), each part holds one
license and is matched on its own. The cuts come from the reference index, not from layout, so a
file whose licenses are not separated by blank lines is cut the same way.
"""

from __future__ import annotations

import numpy as np

from clearance.licenses.detect.reference import ReferenceIndex

#: Consecutive opening shingles that mark the start of a license text (one shared 3-gram is chance).
RUN = 3
#: A part shorter than this many words is not a license of its own: the cut is merged away.
MIN_PART_WORDS = 40


def part_starts(ids: np.ndarray, index: ReferenceIndex) -> list[int]:
    """Word offsets where the parts of a bundle start: 0, then every opening of a reference text at
    least ``MIN_PART_WORDS`` after the previous cut (an opening nearer the start than that opens the
    first part). The text before the first opening may be a preamble: ``texts._match_parts`` merges
    it into the next part when it holds no license. One element means "not a bundle"."""
    ordered = index.ordered_shingles(ids)
    if len(ordered) < RUN:
        return [0]
    hit = np.isin(ordered, index.openings)
    run = hit[: len(hit) - RUN + 1].copy()
    for k in range(1, RUN):
        run &= hit[k: len(hit) - RUN + 1 + k]
    begins = np.flatnonzero(run & ~np.concatenate(([False], run[:-1])))
    kept: list[int] = []
    for start in begins.tolist():
        if not kept or start - kept[-1] >= MIN_PART_WORDS:
            kept.append(start)
    # The text before the first opening (a preamble, a copyright line) belongs to the first license;
    # a longer text before it is a license of its own whose opening is no distinctive one
    # ("permission is hereby granted" also sits inside many texts): MIT before a BSD text.
    starts = [0] + (kept[1:] if kept and kept[0] < MIN_PART_WORDS else kept)
    if len(starts) > 1 and len(ids) - starts[-1] < MIN_PART_WORDS:
        starts.pop()
    return starts
