"""The scale benchmark's synthetic corpus and its projections (benchmarks/)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embedding import HashEmbedder
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.store import IndexLayout, IndexStore
from assistant.retrieval.vectors import make_vectors
from assistant.settings import Settings
from benchmarks.scale_report import line_fit, power_fit
from benchmarks.synthetic import Corpus, real_corpus, synthetic_corpus


class TestSyntheticCorpus:
    def test_keeps_the_real_chunks_first_and_copies_the_rest(
        self, indexed_settings: Settings
    ) -> None:
        real = real_corpus(indexed_settings)
        size = 2 * len(real) + 3
        corpus = synthetic_corpus(real, size)

        assert len(corpus) == size == len(corpus.texts) == len(corpus.vectors)
        assert corpus.chunks[: len(real)] == real.chunks
        assert np.allclose(corpus.vectors[: len(real)], real.vectors)
        assert len({chunk.id for chunk in corpus.chunks}) == size
        copy = corpus.chunks[len(real)]
        assert copy.doc_id == f"{real.chunks[0].doc_id}~1"
        assert copy.text != real.chunks[0].text
        assert np.allclose(np.linalg.norm(corpus.vectors, axis=1), 1.0, atol=1e-5)
        assert sum(document.chunks for document in corpus.documents) == size

    def test_same_seed_same_corpus(self, indexed_settings: Settings) -> None:
        real = real_corpus(indexed_settings)
        one, two = synthetic_corpus(real, len(real) + 5), synthetic_corpus(real, len(real) + 5)
        assert one.texts == two.texts
        assert np.array_equal(one.vectors, two.vectors)

    def test_rare_words_grow_the_vocabulary(self, indexed_settings: Settings) -> None:
        """As ``make bench-lexical`` needs: copies bring new words, the real chunks stay."""
        real = real_corpus(indexed_settings)
        size = 3 * len(real)
        plain, rare = synthetic_corpus(real, size), synthetic_corpus(real, size, rare_words=500)

        def vocabulary(corpus: Corpus) -> set[str]:
            return {word for chunk in corpus.chunks for word in chunk.text.split()}

        assert rare.chunks[: len(real)] == real.chunks
        assert len(vocabulary(rare) - vocabulary(plain)) > 100
        assert all(text.split()[-1].startswith("sjeldnord") for text in rare.texts[len(real) :])

    def test_refuses_an_empty_size(self, indexed_settings: Settings) -> None:
        with pytest.raises(ValueError, match="size must be positive"):
            synthetic_corpus(real_corpus(indexed_settings), 0)

    def test_the_project_writes_and_searches_it(
        self, indexed_settings: Settings, tmp_path: Path
    ) -> None:
        corpus = synthetic_corpus(real_corpus(indexed_settings), 300)
        settings = indexed_settings.model_copy(update={"data_dir": tmp_path})
        corpus.write(IndexLayout(tmp_path), make_vectors(settings))
        store = IndexStore.open_current(settings)

        hits = HybridRetriever(store, HashEmbedder(), top_k=10).search("kommunal planstrategi")

        assert len(store.chunks) == 300
        assert len(hits) == 10


class TestProjection:
    def test_a_power_law_is_extended(self) -> None:
        fit = power_fit([10_000, 100_000], [2.0, 20.0])
        assert fit(1_000_000) == pytest.approx(200.0)

    def test_noise_never_makes_a_larger_index_faster(self) -> None:
        assert power_fit([10_000, 100_000], [30.0, 20.0])(1_000_000) == pytest.approx(20.0)

    def test_memory_grows_along_a_line(self) -> None:
        fit = line_fit([10_000, 100_000], [200.0, 1100.0])
        assert fit(1_000_000) == pytest.approx(10_100.0)
