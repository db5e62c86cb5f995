"""The model-free validity gate: silent on an honest split, loud on a shifted one."""

from __future__ import annotations

from clearance.audit.baseline import SHIFT_THRESHOLD, bag_of_words_baseline

from .tiny_corpus import make_corpus, shifted_documents


def test_honest_split_is_not_flagged():
    corpus = make_corpus()
    result = bag_of_words_baseline(corpus.members, corpus.nonmembers, n_boot=200)
    assert result is not None and not result.shifted
    assert result.auc_ci[0] < 0.5 < result.auc_ci[1]


def test_shifted_split_is_flagged_with_the_words_that_give_it_away():
    corpus = make_corpus()
    shifted = shifted_documents(120)
    result = bag_of_words_baseline(corpus.members[:120], shifted, n_boot=200)
    assert result.shifted and result.auc > 0.95 and result.auc_ci[0] > SHIFT_THRESHOLD
    member_words = set(" ".join(corpus.members[:120]).lower().split())
    assert result.member_terms and all(term.split()[0] in member_words for term in result.member_terms)
    assert result.to_json()["shifted"] is True


def test_length_alone_gives_a_split_away():
    """Members all short, non-members all long: same words, different length: flagged."""
    corpus = make_corpus()
    short = [" ".join(doc.split()[:8]) for doc in corpus.members[:80]]
    long = [doc + " " + doc for doc in corpus.nonmembers[:80]]
    assert bag_of_words_baseline(short, long, n_boot=100).shifted


def test_too_few_documents_give_no_baseline():
    assert bag_of_words_baseline(["one text"], ["another", "and another"]) is None
