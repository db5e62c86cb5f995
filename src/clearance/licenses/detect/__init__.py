"""License detection: what license a document is under, with the evidence and how sure we are.

Readers call ``find_mentions`` (SPDX lines, Creative Commons names and badges, license URLs, "licensed
under ..." prose), ``identify_license_text`` (a whole LICENSE file against the SPDX reference texts)
and ``package_metadata_license`` (pyproject.toml, package.json, Cargo.toml ...), and attach the
``Finding``s to the document; ``resolve`` later weighs them with the license the input stated.
"""

from clearance.licenses.detect.files import detect_license_file, read_license_file
from clearance.licenses.detect.finding import Finding
from clearance.licenses.detect.mentions import find_mentions
from clearance.licenses.detect.metadata import package_metadata_license
from clearance.licenses.detect.resolve import resolve
from clearance.licenses.detect.texts import identify_license_text
from clearance.licenses.detect.urls import license_from_url

__all__ = ["Finding", "detect_license_file", "find_mentions", "identify_license_text", "license_from_url",
           "package_metadata_license", "read_license_file", "resolve"]
