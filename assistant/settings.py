"""The one configuration object: environment variables with the ``PLANASSIST_`` prefix.

Plain data, read once through ``get_settings()``; clients and models are built elsewhere.
"""

from functools import cache
from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import urlsplit

from pydantic import Field, ValidationInfo, computed_field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ServerUrl(NamedTuple):
    """What a server's address setting takes, for one check and one kind of message."""

    schemes: tuple[str, ...]
    example: str
    unset: str
    """What runs instead when the setting is left unset."""
    needs_host: bool = True
    """False for PostgreSQL: libpq's defaults (a local socket) stand in for a missing host."""


SERVER_URLS = {
    "chroma_url": ServerUrl(
        ("http", "https"), "http://127.0.0.1:8001", "embedded Chroma in the data dir"
    ),
    "redis_url": ServerUrl(
        ("redis", "rediss", "unix"),
        "redis://127.0.0.1:6379/0",
        "uploads ingested by the API process",
    ),
    "database_url": ServerUrl(
        ("postgresql", "postgresql+psycopg"),
        "postgresql://planassist@127.0.0.1:5432/planassist",
        "SQLite files in the data dir",
        needs_host=False,
    ),
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PLANASSIST_",
        env_file=".env",
        env_ignore_empty=True,
        extra="ignore",
        hide_input_in_errors=True,  # a bad URL's password never reaches a log or a page
    )

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    data_dir: Path = PROJECT_ROOT / "data"
    """Where the index lives (versions + the ``current`` pointer)."""
    cache_dir: Path = Path.home() / ".cache" / "planassist"
    """Model weights and the embedding cache; shared between checkouts and test runs."""

    chroma_url: str | None = None
    """A Chroma server (``chroma run``, or distributed Chroma), e.g. http://127.0.0.1:8001:
    each index version's vectors go to a collection there; unset: embedded Chroma in
    ``data_dir`` (offline, one machine)."""
    redis_url: str | None = None
    """Redis for the durable ingest queue (RQ), e.g. redis://127.0.0.1:6379/0: uploads are
    ingested by ``planassist worker`` processes; unset: by a thread in the API process."""
    ingest_retries: int = Field(default=2, ge=0)
    """How often a queued ingest is tried again after its worker died mid-job."""

    embedder: Literal["sentence-transformers", "hash"] = "sentence-transformers"
    embedding_model: str = "embeddinggemma-300m"
    """A name from the model store, a sentence-transformers folder, or a hub id."""
    embedding_batch_size: int = Field(default=4, gt=0)

    chunk_size: int = Field(default=1000, gt=100)
    chunk_overlap: int = Field(default=150, ge=0)
    """Only where one over-long block (a paragraph, a list) has to be split."""
    contextual_chunks: bool = True
    """Embed and BM25-index each chunk with its document title and section path."""

    top_k: int = Field(default=5, gt=0, le=50)
    """Passages `search` returns."""
    candidates: int = Field(default=30, gt=0)
    """How many hits each retriever hands to fusion and reranking."""
    rrf_k: int = Field(default=60, gt=0)
    context_candidates: int = Field(default=12, gt=0, le=50)
    """The best reranked passages an answer may draw on (the budget decides how many)."""
    context_chars: int = Field(default=3500, gt=0)
    """Characters of passages handed to the answerer: the best four whole, with their
    continuations, and the best stretches of further ones (``retrieval/context.py``); no
    more than the naive pipeline's four chunks hand over. At 3,600 the context averaged 4
    characters more than naive's on calibration; at 3,500 it is 80 fewer on every tuning
    set, with calibration context recall 0.930 (0.923 at 3,600), the fresh sets' 0.8 to 0.9
    points lower and the same facts in the answers."""
    # Abstention (answer/grounding.py); fitted on the calibration questions only.
    min_evidence: float = 0.673
    """Answer only when dense similarity + coverage_weight × term coverage reaches this."""
    min_evidence_en: float = 0.464
    """The same bound for English questions, whose terms meet the sources via the glossary."""
    coverage_weight: float = 0.5
    max_missing: float = 0.4
    """A question term none of the best passages holds may weigh at most this share."""

    answer_passages: int = Field(default=4, gt=0)
    """How many quotes a quoted answer holds at most: the lead and supporting ones."""
    max_question_chars: int = Field(default=2000, gt=0)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, gt=0)

    llm: Literal["none", "local", "openai"] = "none"
    """none: extractive answers; local: the packaged Qwen GGUF via llama_cpp.server;
    openai: any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, Azure OpenAI, OpenAI)."""
    llm_base_url: str | None = None
    llm_model: str = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(default=120.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0)
    llm_max_tokens: int = Field(default=350, gt=0)
    llm_max_tokens_field: Literal["max_tokens", "max_completion_tokens"] | None = None
    """The request field that carries ``llm_max_tokens``. Unset: ``max_completion_tokens``
    for OpenAI and Azure (their newer models refuse ``max_tokens``), ``max_tokens`` for any
    other server (llama.cpp ignores the newer name; Ollama and vLLM read the older one)."""
    llm_retry_after_s: float = Field(default=30.0, ge=0)
    """After the chat model fails (timeout, refused, HTTP 5xx, unreadable reply), answers
    quote the sources at once for this long before the model is tried again."""
    llm_check_answerable: bool = False
    """With a chat model, ask it first whether the passages answer the question, and decline
    when it says no: near-miss questions share the documents' words and pass the
    retrieval-based decline. Off by default: the packaged 1.5B model says no to every
    question (evaluation/README.md); turn it on for a model that can judge."""
    llm_temperature: float = Field(default=0.1, ge=0)
    llm_port: int = 8081
    """Port of the local llama_cpp.server (PLANASSIST_LLM=local)."""
    llm_threads: int = Field(default=2, gt=0)
    min_support: float = Field(default=0.5, ge=0, le=1)
    """A generated sentence needs this share of its terms in the passages it cites."""

    database_url: str | None = None
    """Keep saved work (accounts, audit log, feedback, upload jobs, conversations, drafts) in
    this PostgreSQL database, e.g. ``postgresql://planassist@127.0.0.1:5432/planassist``;
    unset: one SQLite file per store in ``data_dir``."""

    conversation_turns: int = Field(default=10, gt=0)
    """How many of a conversation's latest turns a follow-up question is read with."""
    conversation_ttl_hours: float | None = Field(default=None, gt=0)
    """Unset: saved conversations stay until their owner deletes them; set: those unused
    for this many hours are removed (e.g. for a public, anonymous installation)."""
    local_user: str = Field(default="lokal", min_length=1, max_length=100)
    """Who drafts belong to and who saves versions, until there is sign-in (one local user)."""

    auth: Literal["none", "local", "oidc"] = "none"
    """none: one local user with every right; local: accounts and API tokens; oidc: OpenID
    Connect sign-in (plus API tokens), groups mapped to roles by ``oidc_roles``."""
    session_secret: str | None = None
    """Signs the session cookie; unset: a random key kept in ``data_dir/session.key``."""
    session_hours: float = Field(default=12.0, gt=0)
    oidc_issuer: str | None = None
    """The provider's issuer URL (its ``/.well-known/openid-configuration`` is read)."""
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_scopes: str = "openid profile email"
    oidc_role_claim: str = "groups"
    """The ID-token claim whose values (groups, app roles) ``oidc_roles`` maps."""
    oidc_roles: dict[str, Literal["reader", "editor", "admin"]] = {}
    """Claim value → role, as JSON: ``{"plan-admins": "admin", "plan-editors": "editor"}``."""
    oidc_default_role: Literal["reader", "none"] = "reader"
    """The role of a user no mapped value matches; ``none`` refuses their sign-in."""
    oidc_organisation_claim: str | None = None
    """The ID-token claim that names the user's organisation (unset: set by an admin)."""
    oidc_organisations: dict[str, str] = {}
    """Claim value → organisation, as JSON: ``{"hole-ansatte": "hole"}``; empty: the
    claim's value is the organisation itself."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, gt=0)
    """API worker processes of ``planassist serve``; each follows ``CURRENT`` by itself."""
    debug: bool = False
    """Re-raise unexpected errors in the CLI instead of printing one line."""

    @field_validator(*SERVER_URLS)
    @classmethod
    def _server_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A typo in a server's address fails at start; the message leaves naming the
        setting to whoever shows it, and hides a password the address holds."""
        if not value:
            return value
        server = SERVER_URLS[info.field_name or ""]
        parts = urlsplit(value)
        located = parts.path if parts.scheme == "unix" else parts.hostname
        written = value.startswith(tuple(f"{scheme}://" for scheme in server.schemes))
        if not written or (server.needs_host and not located):
            shown = value.replace(parts.password, "…") if parts.password else value
            raise ValueError(
                f"must be a URL like {server.example}, got {shown!r}"
                f" (leave it unset for {server.unset})"
            )
        return value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def uploads_dir(self) -> Path:
        """Documents added through the API or ``planassist ingest PATH`` (not in git)."""
        return self.data_dir / "documents"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def answer_mode(self) -> Literal["extractive", "llm"]:
        return "extractive" if self.llm == "none" and not self.llm_base_url else "llm"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def llm_endpoint(self) -> str | None:
        """The OpenAI-compatible base URL in use, if any."""
        if self.llm == "local":
            return f"http://127.0.0.1:{self.llm_port}/v1"
        return self.llm_base_url


@cache
def get_settings() -> Settings:
    return Settings()
