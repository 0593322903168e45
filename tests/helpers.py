"""Builders shared by the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.settings import Settings

TEST_CORPUS = Path(__file__).parent / "data" / "corpus"


def make_settings(root: Path, **overrides: object) -> Settings:
    """Settings for a private corpus copy under ``root`` with the hash embedder."""
    corpus = root / "corpus"
    if not corpus.exists():
        shutil.copytree(TEST_CORPUS, corpus)
    values: dict[str, object] = {
        "corpus_dir": corpus,
        "data_dir": root / "data",
        "cache_dir": root / "cache",
        "embedder": "hash",
        "min_dense_score": 0.0,  # hash vectors carry no meaning; term coverage decides
        **overrides,
    }
    return Settings(**values)
