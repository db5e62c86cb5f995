"""Policy step: keep (in a tier), drop, or send to review by the run's license profile."""

from __future__ import annotations

from clearance.curate.pipeline.item import Item
from clearance.curate.pipeline.step import Step
from clearance.curate.policy import LicensePolicy
from clearance.licenses import UNKNOWN_LICENSE


class PolicyStep(Step):
    name = "policy"

    def __init__(self, policy: LicensePolicy) -> None:
        super().__init__()
        self.policy = policy

    def process(self, item: Item) -> None:
        verdict = self.policy.judge(item.license or UNKNOWN_LICENSE, item.doc.url if item.doc else None)
        item.category = verdict.category.value
        if verdict.decision == "keep":
            item.tier = verdict.tier
            item.reasons.append(verdict.reason)
            self.stats[f"tier:{verdict.tier}"] += 1
            return
        unknown = verdict.reason.startswith("unknown license")
        if verdict.decision == "review":
            item.drop("review", f"{verdict.reason}; held for review by the profile's unknown = \"review\"", "review")
        else:
            item.drop("license-unknown" if unknown else "license", verdict.reason)
