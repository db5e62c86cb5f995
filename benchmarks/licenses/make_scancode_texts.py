"""Regenerate ``src/clearance/licenses/detect/data/scancode-texts.json.zst``: the license texts SPDX
does not list, from ScanCode's license database, which ``texts.py`` consults as a second tier when
no SPDX reference accounts for a file.

Kept: every license of the database whose SPDX key is a ``LicenseRef-scancode-`` id (SPDX does not
list it), that is neither deprecated, an exception, "unknown" nor "generic" (``other-permissive``,
``proprietary-license``: a class of licenses, not a text), and whose text has at least ``MIN_WORDS``
words. Left out as well: keys clearance names with LicenseRef ids of its own (the benchmark's
``EQUIVALENT``: IETF's document notice, Khronos, Biopython ...); texts of fewer than
``NOTICE_WORDS`` words that grant an SPDX license (``kde-accepted-lgpl``, ``dual-commercial-gpl``:
notices of that license, which the statement rules read, and which would otherwise be reported beside
every GNU notice); and a text whose normalized words are an SPDX reference text's (SPDX names it).
Keys sharing one text keep the shortest key. Texts of ``MIN_SHORT_WORDS`` to ``MIN_WORDS`` words are
kept apart as ``short_notices`` (``custom_notices.py`` matches them against a license paragraph's whole
text only).

``exceptions``: every exception of the database that is not deprecated and has at least
``MIN_EXCEPTION_WORDS`` words, under its SPDX id where SPDX lists it, with the license keys its own
text names (``names``: they are not further licenses of a file that quotes it) and its ``anchors``, the
``ANCHORS`` words of its text fewest other texts (SPDX licenses and exceptions) hold, which
``exception_texts.py`` looks for before comparing word pairs.

The database is ScanCode's (``licensedcode/data/licenses`` of the scancode-toolkit package), data by
nexB Inc. and others under CC-BY-4.0; the license texts themselves are their licensors'.

    pip download --no-deps scancode-toolkit==32.5.0 -d /tmp/w && unzip -o /tmp/w/scancode_toolkit-*.whl \
        'licensedcode/data/licenses/*' -d /tmp/w
    python benchmarks/licenses/make_scancode_texts.py /tmp/w/licensedcode/data/licenses
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from bench_vs_scancode import EQUIVALENT
from data_files import write_zstd_json

from clearance.licenses.detect.ids import license_keys
from clearance.licenses.detect.mentions import find_mentions
from clearance.licenses.detect.normalize import license_words
from clearance.licenses.detect.reference import _payload as spdx_payload
from clearance.licenses.detect.reference import digest, reference_index

OUT = Path(__file__).resolve().parents[2] / "src/clearance/licenses/detect/data/scancode-texts.json.zst"
MIN_WORDS = 40
#: Shorter texts (a sentence or two: Takuya Ooura's FFT notice, LCS-Telegraphics') are kept apart as
#: short notices, matched only against a text known to be a license's (a Debian ``License:`` paragraph).
MIN_SHORT_WORDS = 8
NOTICE_WORDS = 400
MIN_EXCEPTION_WORDS = 20
ANCHORS = 2
PREFIX = "LicenseRef-scancode-"
VERSION = "scancode-toolkit 32.5.0"


def _read(path: Path) -> tuple[dict, str]:
    """The YAML head and the text of one ``.LICENSE`` file."""
    raw = path.read_text(encoding="utf-8")
    _, head, body = raw.split("---", 2)
    return yaml.safe_load(head) or {}, body.strip()


def _wanted(head: dict) -> bool:
    flags = ("is_deprecated", "is_exception", "is_unknown", "is_generic")
    key = str(head.get("spdx_license_key") or "")
    return key.startswith(PREFIX) and key.lower() not in EQUIVALENT and not any(head.get(f) for f in flags)


def _grants_spdx_license(text: str) -> bool:
    """Whether ``text`` states a license of the SPDX list (a notice, not a license of its own)."""
    return any(not f.spdx.startswith("LicenseRef-") for f in find_mentions(text, "scancode"))


def main(db: Path) -> None:
    spdx_digests = set(reference_index().exact)
    by_text: dict[bytes, list[dict]] = {}
    short: dict[bytes, list[dict]] = {}
    for path in sorted(db.glob("*.LICENSE")):
        head, text = _read(path)
        words = license_words(text, template=True)
        if not _wanted(head) or len(words) < MIN_SHORT_WORDS:
            continue
        if len(words) < NOTICE_WORDS and _grants_spdx_license(text):
            continue
        key = digest(words)
        if key in spdx_digests or (len(words) < MIN_WORDS and head.get("category") == "Unstated License"):
            continue
        (by_text if len(words) >= MIN_WORDS else short).setdefault(key, []).append(
            {"id": str(head["spdx_license_key"]), "name": str(head.get("name")),
             "category": str(head.get("category") or ""), "text": text})
    licenses, short_notices = _one_per_text(by_text), _one_per_text(short)
    exceptions = _exceptions(db)
    payload = {"source": "ScanCode license database", "version": VERSION, "license": "CC-BY-4.0",
               "attribution": "Copyright (c) nexB Inc. and others. ScanCode is a trademark of nexB Inc.",
               "licenses": licenses, "short_notices": short_notices, "exceptions": exceptions}
    write_zstd_json(payload, OUT, f"{len(licenses)} texts, {len(short_notices)} short notices, "
                                  f"{len(exceptions)} exceptions")


def _exceptions(db: Path) -> list[dict]:
    """The database's exceptions (see the module's docstring), each with its ``names`` and ``anchors``."""
    found: dict[bytes, dict] = {}
    for path in sorted(db.glob("*.LICENSE")):
        head, text = _read(path)
        words = license_words(text, template=True)
        if not head.get("is_exception") or head.get("is_deprecated") or len(words) < MIN_EXCEPTION_WORDS:
            continue
        spdx = str(head.get("spdx_license_key") or "")
        if not spdx:
            continue
        names = sorted(set().union(*(license_keys(m.spdx) for m in find_mentions(text, "scancode"))))
        entry = {"id": spdx, "name": str(head.get("name")), "category": str(head.get("category") or ""),
                 "text": text, "names": names}
        key = digest(words)
        if key not in found or (spdx.startswith(PREFIX), len(spdx)) < (found[key]["id"].startswith(PREFIX),
                                                                      len(found[key]["id"])):
            found[key] = entry  # one text under two keys: the SPDX id, else the shorter key
    exceptions = sorted(found.values(), key=lambda exc: exc["id"])
    holders: dict[str, int] = {}  # how many texts hold each word
    corpus = [lic["text"] for lic in spdx_payload()["licenses"]] + [exc["text"] for exc in exceptions]
    for text in corpus:
        for word in set(license_words(text, template=True)):
            holders[word] = holders.get(word, 0) + 1
    for exc in exceptions:
        words = {w for w in license_words(exc["text"], template=True) if len(w) > 3 and not w.isdigit()}
        exc["anchors"] = sorted(words, key=lambda w: (holders.get(w, 0), -len(w), w))[:ANCHORS]
    return exceptions


def _one_per_text(by_text: dict[bytes, list[dict]]) -> list[dict]:
    """One entry per distinct text, under its group's shortest key, the other keys in ``same_text``."""
    kept = []
    for group in by_text.values():
        keep = min(group, key=lambda lic: (len(lic["id"]), lic["id"]))
        kept.append({**keep, "same_text": sorted(lic["id"] for lic in group if lic is not keep)})
    return sorted(kept, key=lambda lic: lic["id"])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
