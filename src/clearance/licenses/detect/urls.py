"""License URLs to SPDX ids: Creative Commons deeds, legal codes and badges, and the pages of
opensource.org, gnu.org, apache.org, spdx.org, mozilla.org and the open-data licenses.

A URL names a license *text*; it never says "or any later version", so GNU URLs give ``-only`` ids.
"""

from __future__ import annotations

import re
from functools import lru_cache

from clearance.licenses.catalog import lookup

# creativecommons.org/licenses/by-sa/4.0/..., /l/by-sa/4.0/88x31.png (badge), /publicdomain/zero/1.0/
_CC = re.compile(
    r"creativecommons\.org/(?:licenses|l)/(?P<el>[a-z-]+)(?:/(?P<ver>\d(?:\.\d)?))?(?:/(?P<port>[a-z]{2,3})(?=/|$))?",
    re.IGNORECASE)
_CC_PD = re.compile(r"creativecommons\.org/(?:publicdomain|p)/(?P<what>zero|mark)(?:/(?P<ver>\d\.\d))?",
                    re.IGNORECASE)
# The 1.0 licenses had elements without BY ("nc-sa"); "nd-nc" is the old order of "nc-nd".
_CC_ELEMENTS = {"by": "BY", "by-sa": "BY-SA", "by-nd": "BY-ND", "by-nc": "BY-NC", "by-nc-sa": "BY-NC-SA",
                "by-nc-nd": "BY-NC-ND", "by-nd-nc": "BY-NC-ND", "sa": "SA", "nc": "BY-NC", "nd": "BY-ND",
                "nc-sa": "BY-NC-SA", "nd-nc": "BY-NC-ND", "nc-nd": "BY-NC-ND"}

_GNU = re.compile(r"gnu\.org/(?:licenses/)?(?:old-licenses/)?(?:licenses/)?(?P<name>a?gpl|lgpl|fdl)"
                  r"(?:-(?P<ver>\d\.\d))?(?:\.[a-z]{2})?(?:\.html|\.txt|\.md|/|$)", re.IGNORECASE)
_GNU_LATEST = {"gpl": "3.0", "agpl": "3.0", "lgpl": "3.0", "fdl": "1.3"}
_APACHE = re.compile(r"apache\.org/licenses/LICENSE-(?P<ver>\d\.\d)", re.IGNORECASE)
_MOZILLA = re.compile(r"mozilla\.org/(?:[a-z]{2}-[A-Z]{2}/)?MPL/(?P<ver>\d\.\d)", re.IGNORECASE)
_EPL = re.compile(r"eclipse\.org/legal/epl-(?:v)?(?P<ver>\d\.?\d)", re.IGNORECASE)
_OSI = re.compile(r"opensource\.org/licenses?/(?P<id>[A-Za-z0-9.+-]+?)(?:-license)?(?:\.php|\.html)?(?:/|$|[?#])",
                  re.IGNORECASE)
_SPDX = re.compile(r"spdx\.org/licenses/(?P<id>[A-Za-z0-9.+-]+?)(?:\.html|\.json|\.txt)?(?:/|$|[?#])",
                   re.IGNORECASE)
_CHOOSE = re.compile(r"choosealicense\.com/licenses/(?P<id>[a-z0-9.-]+)", re.IGNORECASE)
_ODC = re.compile(r"opendatacommons\.org/licenses/(?P<which>odbl|by|pddl)", re.IGNORECASE)
_OGL = re.compile(r"nationalarchives\.gov\.uk/doc/open-government-licen[cs]e/version/(?P<ver>\d)", re.IGNORECASE)
_FIXED = {"unlicense.org": "Unlicense", "wtfpl.net": "WTFPL", "sam.zoy.org/wtfpl": "WTFPL",
          "python.org/psf/license": "PSF-2.0", "boost.org/license_1_0.txt": "BSL-1.0",
          "boost.org/users/license.html": "BSL-1.0", "json.org/license.html": "JSON",
          # the SIL Open Font License's pages (version 1.1 since 2007)
          "scripts.sil.org/ofl": "OFL-1.1", "openfontlicense.org": "OFL-1.1"}
_ODC_IDS = {"odbl": "ODbL-1.0", "by": "ODC-By-1.0", "pddl": "PDDL-1.0"}
# opensource.org's old page names that are not SPDX ids. Its "bsd-license" page showed the 3-clause
# text until about 2011 and the 2-clause text after: the link does not say which ("standard 'new' BSD
# license: http://www.opensource.org/licenses/bsd-license.php").
_OSI_NAMES = {"bsd-license": "LicenseRef-BSD-unversioned", "mit-license": "MIT", "apache2.0": "Apache-2.0",
              "gpl-license": "GPL-2.0-only", "lgpl-license": "LGPL-2.1-only", "bsd": "LicenseRef-BSD-unversioned",
              "mit": "MIT", "apache": "Apache-2.0"}


def _known(key: str) -> str | None:
    entry = lookup(key)
    return entry.key if entry is not None and not entry.is_exception else None


def _creative_commons(url: str) -> str | None:
    pd = _CC_PD.search(url)
    if pd:
        return "CC0-1.0" if pd["what"].lower() == "zero" else "CC-PDM-1.0"
    if re.search(r"creativecommons\.org/licenses/publicdomain", url, re.IGNORECASE):
        return "CC-PDDC"
    cc = _CC.search(url)
    if cc is None or cc["el"].lower() not in _CC_ELEMENTS:
        return None
    elements = _CC_ELEMENTS[cc["el"].lower()]
    if cc["ver"] is None:
        return "LicenseRef-CC-BY-SA-unversioned" if elements == "BY-SA" else None
    version = cc["ver"] if "." in cc["ver"] else cc["ver"] + ".0"
    base = f"CC-{elements}-{version}"
    if cc["port"]:  # a ported license: its own SPDX id when there is one, else the same terms unported
        return _known(f"{base}-{cc['port'].upper()}") or _known(base)
    return _known(base)


@lru_cache(maxsize=4096)
def license_from_url(url: str) -> str | None:
    """The SPDX id a license URL points to, or None when it is not a license URL we know."""
    u = url.strip()
    if "creativecommons.org" in u.lower():
        return _creative_commons(u)
    low = re.sub(r"^[a-z]+://(www\.)?", "", u.lower()).rstrip("/")
    for prefix, key in _FIXED.items():
        if low.startswith(prefix):
            return key
    if m := _GNU.search(u):
        name = m["name"].lower()
        version = m["ver"] or _GNU_LATEST[name]
        return _known(f"{name.upper() if name != 'fdl' else 'GFDL'}-{version}-only")
    if m := _APACHE.search(u):
        return _known(f"Apache-{m['ver']}")
    if m := _MOZILLA.search(u):
        return _known(f"MPL-{m['ver']}")
    if m := _EPL.search(u):
        ver = m["ver"] if "." in m["ver"] else f"{m['ver'][0]}.{m['ver'][1:] or '0'}"
        return _known(f"EPL-{ver}")
    if m := _ODC.search(u):
        return _ODC_IDS[m["which"].lower()]
    if m := _OGL.search(u):
        return _known(f"OGL-UK-{m['ver']}.0")
    for pattern in (_SPDX, _OSI, _CHOOSE):
        if m := pattern.search(u):
            ident = m["id"]
            return _OSI_NAMES.get(ident.lower()) if ident.lower() in _OSI_NAMES else _known(ident)
    return None
