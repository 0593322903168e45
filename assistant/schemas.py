"""API request and response bodies (the public shapes; internal types stay in domain)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.conversations import Turn
from assistant.domain import Answer, Citation, Hit, SearchFilters
from assistant.retrieval.store import IndexedDocument
from assistant.versions import official_url, version_label


class Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc_ids: list[str] = Field(default_factory=list, examples=[["pbl"]])
    doc_types: list[str] = Field(default_factory=list, examples=[["lov"]])
    languages: list[str] = Field(default_factory=list, examples=[["nb"]])

    def to_domain(self) -> SearchFilters:
        return SearchFilters(tuple(self.doc_ids), tuple(self.doc_types), tuple(self.languages))


class FilteredRequest(BaseModel):
    filters: Filters | None = None
    mode: Literal["extractive", "llm"] | None = Field(
        default=None, description="Answer mode; default from PLANASSIST_LLM."
    )

    def domain_filters(self) -> SearchFilters | None:
        return self.filters.to_domain() if self.filters else None


class AskRequest(FilteredRequest):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"question": "Hvem skal vedta kommunal planstrategi?"}]},
    )

    question: str = Field(description="In bokmål, nynorsk or English.")
    top_k: int | None = Field(default=None, gt=0, le=50)


class SourceVersionOut(BaseModel):
    """The version facts behind ``version_label`` (ISO dates; refs as Lovdata writes them)."""

    name: str = Field(examples=["pbl"])
    ref: str | None = Field(default=None, examples=["lov/2008-06-27-71"])
    in_force: str | None = Field(default=None, examples=["2009-07-01"])
    last_change: str | None = Field(
        default=None, description="The law's last change in force.", examples=["2026-07-01"]
    )
    amended_by: str | None = Field(
        default=None,
        description="The act that last changed this §.",
        examples=["lov/2025-06-20-93"],
    )
    amended_in_force: str | None = Field(default=None, examples=["2025-07-01"])
    superseded_by: str | None = None


class CitationOut(BaseModel):
    n: int
    doc_id: str
    title: str
    section: str | None
    page: int | None
    excerpt: str
    score: float
    version: SourceVersionOut | None = None
    version_label: str | None = Field(
        default=None,
        description="Which version is quoted, in the answer's language (always said when "
        "the source is superseded).",
        examples=["pbl § 11-13, gjeldende fra 1. juli 2025 (lovtekst per 1. juli 2026)"],
    )
    url: str | None = Field(default=None, description="The official text (Lovdata).")

    @classmethod
    def of(cls, citation: Citation, language: str) -> CitationOut:
        """``language``: the answer's, which the version label is written in."""
        version = citation.version
        return cls(
            n=citation.n,
            doc_id=citation.doc_id,
            title=citation.title,
            section=citation.section,
            page=citation.page,
            excerpt=citation.excerpt,
            score=citation.score,
            version=SourceVersionOut(**vars(version)) if version else None,
            version_label=version_label(citation, language),
            url=official_url(citation),
        )


class AskResponse(BaseModel):
    answer: str
    language: str
    mode: str
    abstained: bool
    citations: list[CitationOut]
    timings: dict[str, float]
    question: str | None = Field(
        default=None, description="The question as answered (a follow-up made standalone)."
    )
    notice: str | None = Field(default=None, description="E.g. that the LLM was unreachable.")
    unsupported_sentences: list[str] = Field(
        default_factory=list, description="Generated sentences removed for lack of support."
    )

    @classmethod
    def of(cls, answer: Answer) -> AskResponse:
        return cls(
            answer=answer.text,
            language=answer.language,
            mode=answer.mode,
            abstained=answer.abstained,
            citations=[CitationOut.of(c, answer.language) for c in answer.citations],
            timings=answer.timings,
            question=answer.question,
            notice=answer.notice,
            unsupported_sentences=answer.unsupported_sentences,
        )


class ChatRequest(FilteredRequest):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"message": "Hva er en kommunal planstrategi?"}],
        },
    )

    message: str = Field(description="The next question; follow-ups may refer to earlier ones.")
    conversation_id: str | None = Field(
        default=None, description="Omit to start a new conversation."
    )


class ChatResponse(AskResponse):
    conversation_id: str


class TurnOut(BaseModel):
    role: str
    text: str
    created: float
    language: str | None = Field(default=None, description="An answer's language.")
    citations: list[CitationOut] = Field(
        default_factory=list, description="An answer's sources, as /v1/ask gives them."
    )

    @classmethod
    def of(cls, turn: Turn) -> TurnOut:
        language = turn.language or "nb"
        return cls(
            role=turn.role,
            text=turn.text,
            created=turn.created,
            language=turn.language,
            citations=[CitationOut.of(c, language) for c in turn.citations],
        )


class ConversationOut(BaseModel):
    conversation_id: str
    title: str | None = Field(default=None, description="The title you gave it, if any.")
    turns: list[TurnOut]


class ConversationRename(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(
        max_length=200, description="The new title; empty: the first question again."
    )


class ConversationSummaryOut(BaseModel):
    """One entry of ``GET /v1/chat``: your conversations."""

    conversation_id: str
    title: str
    created: float
    updated: float
    turns: int


class ChunkOut(BaseModel):
    id: str
    doc_id: str
    title: str
    doc_type: str
    language: str
    section: str | None
    chapter: str | None
    page: int | None
    start: int
    end: int
    text: str


class SearchHit(BaseModel):
    rank: int
    score: float
    dense_score: float | None
    lexical_score: float | None
    coverage: float | None = Field(
        default=None, description="Weighted share of the question's terms the passage holds."
    )
    chunk: ChunkOut

    @classmethod
    def of(cls, rank: int, hit: Hit) -> SearchHit:
        chunk = ChunkOut(**{name: getattr(hit.chunk, name) for name in ChunkOut.model_fields})
        return cls(
            rank=rank,
            score=hit.score,
            dense_score=hit.dense_score,
            lexical_score=hit.lexical_score,
            coverage=hit.coverage,
            chunk=chunk,
        )


class SearchResponse(BaseModel):
    query: str
    hits: list[SearchHit]


class DocumentOut(BaseModel):
    id: str
    title: str
    doc_type: str
    language: str
    file: str
    chunks: int
    date: str | None = None
    publisher: str | None = None
    source: str | None = None
    collection: str = Field(
        default="national", description="national (shared by all) or an organisation's."
    )
    changeable: bool | None = Field(
        default=None,
        description="In the document list: whether you may replace or remove it "
        "(PUT / DELETE /v1/documents/{id}).",
    )

    @classmethod
    def of(cls, document: IndexedDocument, changeable: bool | None = None) -> DocumentOut:
        meta = document.meta
        return cls(
            id=meta.id,
            title=meta.title,
            doc_type=meta.doc_type,
            language=meta.language,
            file=meta.file,
            chunks=document.chunks,
            date=meta.date,
            publisher=meta.publisher,
            source=meta.source,
            collection=meta.collection,
            changeable=changeable,
        )


class SectionOut(BaseModel):
    chunk_id: str
    section: str | None
    chapter: str | None
    page: int | None
    text: str


class DocumentDetail(DocumentOut):
    sections: list[SectionOut]


class HealthResponse(BaseModel):
    """Liveness and readiness for anyone; what the installation holds and where it runs
    only for a signed-in caller (``null`` for nobody signed in, with sign-in on)."""

    status: str
    index_loaded: bool
    index_version: str | None
    model_loaded: bool
    embedding_model: str
    documents: int | None = Field(description="Documents in the collections you read.")
    chunks: int | None = Field(description="Their passages.")
    answer_mode: str
    llm: str | None = Field(description="The chat model and its endpoint, or none.")
    vectors: str
    replica: str | None = Field(description="host:pid of the API process that answered.")


class ErrorBody(BaseModel):
    detail: str
