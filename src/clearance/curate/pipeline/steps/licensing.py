"""License step: each document's license from what its input stated and what its reader found."""

from __future__ import annotations

from clearance.curate.pipeline.item import Item
from clearance.curate.pipeline.step import Step
from clearance.licenses import Evidence, LicenseInfo, parse_license
from clearance.licenses.notices import copyright_lines


def stated_license(raw: str | None) -> LicenseInfo:
    """The input's own license field, with that field as the evidence."""
    info = parse_license(raw)
    if raw is None:
        return info
    return LicenseInfo(info.raw, info.spdx, info.category, info.alternatives, info.problem,
                       (Evidence("stated", "input license field", raw[:200]),), info.confidence)


class LicenseStep(Step):
    name = "license"

    def process(self, item: Item) -> None:
        doc = item.doc
        assert doc is not None
        item.license = stated_license(doc.license)
        item.category = item.license.category.value
        self.stats[f"category:{item.category}"] += 1
        if doc.copyright:
            item.copyright = doc.copyright
        else:
            lines = copyright_lines(doc.text, limit=3, head=8192)
            item.copyright = "\n".join(lines) if lines else None
