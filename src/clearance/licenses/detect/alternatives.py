"""Alternative licenses offered beside a full license text: Mozilla-style notices ("Alternatively, the
contents of this file may be used under the terms of either the GNU General Public License Version 2
or later ..., or the GNU Lesser General Public License ...") turn the matched license into a choice.

Read only in sentences that start with "Alternatively": the MPL-1.1 text itself holds that sentence
with a blank ("the terms of the _____ license"), so the reference yields nothing, while a filled-in
copy names the other licenses.
"""

from __future__ import annotations

import re

from clearance.licenses.detect.ids import current_ids
from clearance.licenses.detect.mentions import COMMENT_LEADS, names_after
from clearance.licenses.expression import parse_license

_ALTERNATIVELY = re.compile(r"\balternatively\b", re.IGNORECASE)
#: "used under the terms of (either) (the)", within the sentence that offers the alternative.
_UNDER = re.compile(r"\bunder\s+(?:the\s+)?(?:terms\s+(?:and\s+conditions\s+)?of\s+)?(?:either\s+)?(?:the\s+)?",
                    re.IGNORECASE)
SENTENCE_REACH = 300


def offered_alternatives(text: str) -> str | None:
    """The licenses the text offers as alternatives, as one SPDX expression, or None."""
    found: list[str] = []
    for m in _ALTERNATIVELY.finditer(text):
        sentence = COMMENT_LEADS.sub("\n", text[m.end(): m.end() + SENTENCE_REACH])
        stop = re.search(r"\.\s", sentence)
        under = _UNDER.search(sentence, 0, stop.start() if stop else len(sentence))
        named = names_after(sentence, under.end()) if under else None
        if named and named[0] not in found:
            found.append(current_ids(named[0]))
    if not found:
        return None
    info = parse_license(" OR ".join(f"({e})" if " " in e else e for e in found))
    return info.spdx if info.spdx and info.problem is None else None
