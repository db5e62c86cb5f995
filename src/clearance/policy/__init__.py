"""Policy: declarative rules (TOML) that decide what a match means: allow, attribute, redact, block."""

from clearance.policy.loader import PolicyError, load_policy, parse_policy, profile_names
from clearance.policy.model import Action, Listing, Policy, Rule, Verdict, decision_of, listing

__all__ = ["Action", "Listing", "Policy", "PolicyError", "Rule", "Verdict", "decision_of", "listing",
           "load_policy", "parse_policy", "profile_names"]
