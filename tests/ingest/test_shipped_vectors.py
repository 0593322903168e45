"""Shipped vectors: written from the cache as float16, seeded back only where they fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embedding import EmbeddingCache, HashEmbedder, text_hash
from assistant.errors import PlanassistError
from ingest import pipeline, shipped_vectors
from ingest.pipeline import run_ingest
from ingest.shipped_vectors import export, seed_cache, write_shipped
from tests.helpers import make_settings

SHA = "ab" * 32
TEXTS = ["Kommunestyret vedtar planstrategien.", "Planprogrammet sendes på høring."]


@pytest.fixture
def filled(tmp_path: Path) -> EmbeddingCache:
    cache = EmbeddingCache(tmp_path / "full.sqlite3")
    vectors = HashEmbedder().encode_documents(TEXTS)
    cache.put("m", {text_hash(t): v for t, v in zip(TEXTS, vectors, strict=True)})
    return cache


class TestShippedVectors:
    def test_round_trip_through_float16(self, tmp_path: Path, filled: EmbeddingCache) -> None:
        path = tmp_path / "vectors.npz"
        assert write_shipped(filled, "m", TEXTS, path, SHA) == 2
        empty = EmbeddingCache(tmp_path / "empty.sqlite3")
        assert seed_cache(empty, "m", TEXTS, path, SHA) == 2
        seeded = empty.get("m", [text_hash(t) for t in TEXTS])
        original = filled.get("m", [text_hash(t) for t in TEXTS])
        for key, vector in seeded.items():
            assert float(vector @ original[key]) > 0.9999
        assert seed_cache(empty, "m", TEXTS, path, SHA) == 0  # nothing left to seed

    def test_another_model_or_a_changed_text_gets_nothing(
        self, tmp_path: Path, filled: EmbeddingCache
    ) -> None:
        path = tmp_path / "vectors.npz"
        write_shipped(filled, "m", TEXTS, path, SHA)
        empty = EmbeddingCache(tmp_path / "empty.sqlite3")
        assert seed_cache(empty, "m", TEXTS, path, "cd" * 32) == 0
        assert seed_cache(empty, "m", TEXTS, path, None) == 0
        assert seed_cache(empty, "m", [TEXTS[0], "Endret tekst."], path, SHA) == 1

    def test_missing_vectors_are_an_error(self, tmp_path: Path, filled: EmbeddingCache) -> None:
        with pytest.raises(PlanassistError, match=r"^1 of 3 passages have no cached vector"):
            write_shipped(filled, "m", [*TEXTS, "Ukjent."], tmp_path / "v.npz", SHA)

    def test_a_fresh_machine_embeds_nothing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(shipped_vectors, "model_sha256", lambda settings: SHA)
        monkeypatch.setattr(pipeline, "model_sha256", lambda settings: SHA)
        first = make_settings(tmp_path / "first")
        assert run_ingest(first).embedded > 0
        path, count = export(first)
        assert count > 0 and path.stat().st_size > 0
        fresh = first.model_copy(
            update={"data_dir": tmp_path / "fresh-data", "cache_dir": tmp_path / "fresh-cache"}
        )
        report = run_ingest(fresh)
        assert report.embedded == 0 and report.chunks == count
        with np.load(path) as shipped:
            assert shipped["vectors"].dtype == np.float16
