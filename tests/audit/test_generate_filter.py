"""Generate-and-filter on the tiny model: sampled text ranked by memorization, confirmed in an index."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearance.audit.generate_filter import Candidate, GenerateConfig, Generation, generate_and_filter, rank
from clearance.documents import Document
from clearance.index import Index, SearchOptions, build_index

from .tiny_corpus import TinyModel

#: The tiny corpus's documents are about 30 words: shorter spans than the index's defaults must count.
OPTIONS = SearchOptions(min_chars=60, min_tokens=8)


@pytest.fixture(scope="module")
def index(tiny_model: TinyModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = [Document(id=f"member-{i}", text=text, license="CC-BY-4.0", title=f"Member {i}")
            for i, text in enumerate(tiny_model.members)]
    # everything trained on: members, and the canaries and traps with at least one copy
    for kind, groups in (("canary", tiny_model.canaries), ("trap", tiny_model.traps)):
        docs += [Document(id=f"{kind}-{repeats}-{i}", text=text, license="LicenseRef-Proprietary",
                          title=f"{kind} {repeats}x {i}")
                 for repeats, texts in groups.items() if repeats for i, text in enumerate(texts)]
    path = tmp_path_factory.mktemp("gen") / "ix"
    build_index(docs, path, force=True)
    return path


def test_top_candidates_are_regenerated_training_documents(tiny_model: TinyModel, tiny_lm, index: Path) -> None:
    config = GenerateConfig(samples=40, tokens=24, top=8, batch_size=20, seed=0)
    with Index(index) as opened:
        result = generate_and_filter(tiny_lm, config, index=opened, search_options=OPTIONS)
        assert result.generations == 40 and len(result.candidates) == 8
        scores = [c.score for c in result.candidates]
        assert scores == sorted(scores, reverse=True)
        assert len(result.confirmed) >= 6  # the model reproduces what it memorized, and ranking finds it
        documents = result.documents()
        assert documents and all(d["doc_id"].startswith(("member-", "canary-", "trap-")) for d in documents)
        for cand in result.confirmed:
            for r in cand.regenerated:
                stored = opened.document(r.doc_id)
                assert stored is not None and r.license == stored["license"] and r.title == stored["title"]
                assert r.passage and r.doc_end > r.doc_start
        report = result.to_json()
        assert report["precision"] == len(result.confirmed) / 8 and report["index"] == str(index)
    # unconfirmed when nothing is indexed: a run without an index only ranks
    bare = generate_and_filter(tiny_lm, GenerateConfig(samples=8, tokens=12, top=4, batch_size=8))
    assert bare.to_json()["confirmed"] is None and not bare.confirmed


def test_prompts_and_resume(tiny_model: TinyModel, tiny_lm) -> None:
    config = GenerateConfig(samples=12, tokens=8, top=12, batch_size=2, seed=5)
    prompts = [" ".join(text.split()[:4]) for text in tiny_model.members[:3]]
    seen: list[list[Generation]] = []
    full = generate_and_filter(tiny_lm, config, prompts=prompts, on_batch=seen.append)
    assert [g.prompt for g in sorted((c.generation for c in full.candidates), key=lambda g: g.index)][:3] == prompts
    assert len(seen) == 2  # batches of 4 x batch_size generations, written as they come
    resumed = generate_and_filter(tiny_lm, config, prompts=prompts, done=seen[0])
    assert [c.generation.text for c in resumed.candidates] == [c.generation.text for c in full.candidates]


def test_ranking_drops_near_duplicates() -> None:
    def gen(index: int, ids: list[int], loss: float) -> Generation:
        return Generation(index, "", " ".join(map(str, ids)), ids, loss, loss / 10)

    generations = [gen(0, list(range(20)), 1.0), gen(1, list(range(20)) + [99], 0.5), gen(2, list(range(50, 70)), 2.0),
                   gen(3, [], 0.1)]
    kept, dropped = rank(generations, GenerateConfig(rank_by="perplexity", top=10))
    assert [c.generation.index for c in kept] == [1, 2] and dropped == 1
    assert all(isinstance(c, Candidate) for c in kept) and kept[0].rank == 1
    with pytest.raises(ValueError, match="rank_by"):
        GenerateConfig(rank_by="vibes")
