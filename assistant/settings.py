"""The one configuration object: environment variables with the ``PLANASSIST_`` prefix.

Plain data, read once through ``get_settings()``; clients and models are built elsewhere.
"""

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, computed_field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PLANASSIST_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    data_dir: Path = PROJECT_ROOT / "data"
    """Where the index lives (versions + the ``current`` pointer)."""
    cache_dir: Path = Path.home() / ".cache" / "planassist"
    """Model weights and the embedding cache; shared between checkouts and test runs."""

    embedder: Literal["sentence-transformers", "hash"] = "sentence-transformers"
    embedding_model: str = "embeddinggemma-300m"
    """A name from the model store, a sentence-transformers folder, or a hub id."""
    embedding_batch_size: int = Field(default=4, gt=0)

    chunk_size: int = Field(default=1200, gt=100)
    chunk_overlap: int = Field(default=150, ge=0)

    top_k: int = Field(default=5, gt=0, le=50)
    candidates: int = Field(default=30, gt=0)
    """How many hits each retriever hands to fusion."""
    rrf_k: int = Field(default=60, gt=0)
    min_dense_score: float = 0.40
    """Cosine similarity below which the best passage is not relevant (decides for English)."""
    min_evidence: float = 0.80
    """Norwegian questions: dense + 0.5 × term coverage must reach this (grounding.py)."""

    answer_passages: int = Field(default=3, gt=0)
    """How many of the best passages the answer quotes from (at most)."""
    max_question_chars: int = Field(default=2000, gt=0)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, gt=0)

    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False
    """Re-raise unexpected errors in the CLI instead of printing one line."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"


@cache
def get_settings() -> Settings:
    return Settings()
