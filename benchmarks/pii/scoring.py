"""Precision, recall and F1 per kind against the labeled set, strict (exact span) and lenient
(any overlap with a gold span of the same kind), with false positives traced to the hard
negative they hit (or ``gold:KIND`` when they hit another kind's value, ``filler`` otherwise) and
misses traced to the subtype they belong to."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from benchmarks.pii.labeled import LabeledDoc

KINDS = ("EMAIL", "PHONE", "IP_ADDRESS", "CREDIT_CARD", "IBAN", "SECRET")

Prediction = tuple[int, int, str]


@dataclass
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    lenient_tp: int = 0
    lenient_fp: int = 0
    lenient_fn: int = 0
    policy_fp: int = 0  # lenient false positives on policy negatives (example.com, private IPs...)
    fp_by_negative: Counter[str] = field(default_factory=Counter)
    fn_by_subtype: Counter[str] = field(default_factory=Counter)
    gold_by_subtype: Counter[str] = field(default_factory=Counter)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def lenient_precision(self) -> float:
        return self._ratio(self.lenient_tp, self.lenient_tp + self.lenient_fp)

    @property
    def lenient_recall(self) -> float:
        return self._ratio(self.lenient_tp, self.lenient_tp + self.lenient_fn)

    @property
    def lenient_precision_no_policy(self) -> float:
        return self._ratio(self.lenient_tp, self.lenient_tp + self.lenient_fp - self.policy_fp)

    def to_dict(self) -> dict[str, object]:
        return {
            "gold": self.tp + self.fn, "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "lenient_precision": round(self.lenient_precision, 4), "lenient_recall": round(self.lenient_recall, 4),
            "lenient_precision_no_policy": round(self.lenient_precision_no_policy, 4),
            "fp_by_negative": dict(self.fp_by_negative.most_common()), "fn_by_subtype": dict(self.fn_by_subtype.most_common()),
            "gold_by_subtype": dict(self.gold_by_subtype.most_common()),
        }  # fmt: skip


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(
    docs: Sequence[LabeledDoc], predictions: Iterable[Sequence[Prediction]], kinds: Iterable[str] = KINDS
) -> dict[str, KindScore]:
    kinds = tuple(kinds)
    scores = {k: KindScore() for k in kinds}
    for doc, preds in zip(docs, predictions, strict=True):
        gold_by_kind: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for s, e, k, sub in doc.spans:
            gold_by_kind[k].append((s, e, sub))
        pred_by_kind: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for s, e, k in preds:
            pred_by_kind[k].add((s, e))
        for kind in kinds:
            sc = scores[kind]
            gold = gold_by_kind.get(kind, [])
            pred = sorted(pred_by_kind.get(kind, ()))
            exact = {(s, e) for s, e, _ in gold}
            for s, e, sub in gold:
                sc.gold_by_subtype[sub] += 1
                if (s, e) in pred_by_kind.get(kind, ()):
                    sc.tp += 1
                else:
                    sc.fn += 1
                    sc.fn_by_subtype[sub] += 1
                if any(_overlaps((s, e), p) for p in pred):
                    sc.lenient_tp += 1
                else:
                    sc.lenient_fn += 1
            for p in pred:
                if p not in exact:
                    sc.fp += 1
                if not any(_overlaps(p, (s, e)) for s, e, _ in gold):
                    sc.lenient_fp += 1
                    hit = next((t for s, e, t in doc.negatives if _overlaps(p, (s, e))), None)
                    if hit is None:  # another kind's value (a URL password read as an e-mail), or filler
                        hit = next((f"gold:{k}" for s, e, k, _ in doc.spans if _overlaps(p, (s, e))), "filler")
                    sc.fp_by_negative[hit] += 1
                    if hit.startswith("policy_"):
                        sc.policy_fp += 1
    return scores
