"""The index format (assistant/retrieval/store.py): what ingest writes is what is read."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from assistant.domain import indexed_text
from assistant.errors import IndexNotReady
from assistant.retrieval.analysis import terms
from assistant.retrieval.store import FORMAT_VERSION, FREQUENCIES, IndexStore
from assistant.settings import Settings


def test_document_frequencies_are_written_at_ingest(indexed_settings: Settings) -> None:
    store = IndexStore.open_current(indexed_settings)
    written = json.loads((store.folder / FREQUENCIES).read_text())
    chunk_terms = [set(terms(indexed_text(chunk))) for chunk in store.chunks]
    term = "planstrategi"
    assert written["chunks"] == len(store.chunks)
    assert written["df"][term] == sum(term in held for held in chunk_terms) > 0
    assert set(written["df"]) == set().union(*chunk_terms)
    assert store.idf(term) == math.log(1 + len(store.chunks) / (written["df"][term] + 0.5))


def test_the_frequencies_agree_with_bm25(indexed_settings: Settings) -> None:
    """BM25 counts the same: a term in n chunks scores in exactly n."""
    store = IndexStore.open_current(indexed_settings)
    for term, df in store.frequencies.items():
        assert int((store.bm25.get_scores([term]) > 0).sum()) == df, term


def test_an_older_format_asks_for_a_rebuild(indexed_settings: Settings, tmp_path: Path) -> None:
    store = IndexStore.open_current(indexed_settings)
    info = {**store.info, "format": FORMAT_VERSION - 1}
    copy = tmp_path / store.version
    copy.mkdir()
    (copy / "index.json").write_text(json.dumps(info))
    with pytest.raises(IndexNotReady, match="older format; rebuild it with `planassist ingest`"):
        IndexStore(copy, store.vectors)
