"""The license model shared by every stage: SPDX expressions, categories, notices.

``parse_license("GPL-2+ or Expat")`` gives the normalized expression, the category under a policy's
preference, and every term with its name, URL and the rule behind its category.
"""

from clearance.licenses.catalog import LicenseEntry, catalog, lookup
from clearance.licenses.categories import LEAST_RESTRICTIVE_FIRST, Category, most_restrictive
from clearance.licenses.expression import (
    UNKNOWN_LICENSE,
    Evidence,
    LicenseInfo,
    LicenseTerm,
    parse_license,
    validate_license,
)

__all__ = [
    "LEAST_RESTRICTIVE_FIRST",
    "UNKNOWN_LICENSE",
    "Category",
    "Evidence",
    "LicenseEntry",
    "LicenseInfo",
    "LicenseTerm",
    "catalog",
    "lookup",
    "most_restrictive",
    "parse_license",
    "validate_license",
]
