"""License policies for curation: tiers of accepted licenses, denied ones, and explicit handling of
unknown licenses. Shipped profiles live in ``profiles/`` and cite the standard they follow."""

from clearance.curate.policy.loader import load_profile, parse_profile, profile_names
from clearance.curate.policy.model import LicensePolicy, PolicyVerdict, Tier
from clearance.tomlfile import TomlError

__all__ = ["LicensePolicy", "PolicyVerdict", "Tier", "TomlError", "load_profile", "parse_profile", "profile_names"]
