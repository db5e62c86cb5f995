"""License step: each document's license from what its input stated and what was found about it.

Readers that look for license evidence (HTML, WARC, repositories) attach their findings to
``meta["license_findings"]``; for the others (JSONL, Parquet, plain files) the step itself looks
for license statements at the head and tail of the text, where notices and SPDX lines live.
``clearance.licenses.detect.resolve`` weighs it all into one license with evidence and confidence.
With ``[license] search_text = false`` the text is not searched: only the stated license and the
readers' findings count.
"""

from __future__ import annotations

from clearance.curate.pipeline.item import Item
from clearance.curate.pipeline.step import Step
from clearance.licenses.detect import Finding, find_mentions, resolve
from clearance.licenses.notices import copyright_lines

#: Characters searched for license statements at each end of a text no reader searched.
EDGE_CHARS = 4096


def text_findings(text: str) -> list[Finding]:
    """License statements in the first and last ``EDGE_CHARS`` characters of a text."""
    if len(text) <= 2 * EDGE_CHARS:
        return find_mentions(text, "text")
    head = find_mentions(text[:EDGE_CHARS], "text head")
    tail = find_mentions(text[-EDGE_CHARS:], "text tail")
    seen = {f.spdx for f in head}
    return head + [f for f in tail if f.spdx not in seen]


class LicenseStep(Step):
    name = "license"

    def __init__(self, search_text: bool = True) -> None:
        super().__init__()
        self.search_text = search_text

    def process(self, item: Item) -> None:
        doc = item.doc
        assert doc is not None
        meta = doc.meta or {}
        if "license_findings" in meta:
            findings = [Finding.from_json(f) for f in meta["license_findings"]]
        elif self.search_text:
            findings = text_findings(doc.text)
        else:
            findings = []
        item.license = resolve(doc.license, findings)
        item.category = item.license.category.value
        self.stats[f"category:{item.category}"] += 1
        if findings:
            self.stats["with-findings"] += 1
        if doc.copyright:
            item.copyright = doc.copyright
        else:
            lines = copyright_lines(doc.text, limit=3, head=8192)
            item.copyright = "\n".join(lines) if lines else None
