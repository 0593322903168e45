"""The systems under evaluation: planassist in-process or over HTTP (baselines: baselines.py).

Every system answers the same ``Question`` with a ``SystemResult``: the ranked distinct
documents retrieval found, the text the answerer saw, the answer and its citations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from assistant.domain import Citation, Hit
from evaluation import EvaluationError
from evaluation.dataset import Question
from evaluation.metrics import distinct

if TYPE_CHECKING:
    import httpx

    from assistant.service import Assistant

RANKING_DEPTH = 10
"""Chunks retrieved for the document ranking (hit@k, MRR, nDCG@10)."""

ANSWER_MODES = ("extractive", "llm")


def check_mode(mode: str, assistant: Assistant | None = None) -> None:
    """Refuse an unknown mode, or 'llm' when this Assistant has no chat model."""
    if mode not in ANSWER_MODES:
        raise EvaluationError(f"unknown answer mode '{mode}'; known: {', '.join(ANSWER_MODES)}")
    if mode == "llm" and assistant is not None and assistant.chat_model is None:
        raise EvaluationError(
            "answer mode 'llm' is not available: set PLANASSIST_LLM=local or "
            "PLANASSIST_LLM_BASE_URL"
        )


@dataclass(frozen=True)
class SystemResult:
    ranked_docs: list[str]
    """Distinct document ids in retrieval order (first ``RANKING_DEPTH`` chunks)."""
    context: list[str] | None
    """The text the answerer saw (``Answer.context``: the quoted passages, or the trimmed
    ones the LLM was prompted with); None when the system does not expose it (HTTP)."""
    answer: str
    citations: list[Citation]
    abstained: bool
    retrieval_s: float
    total_s: float
    mode: str = "extractive"
    """The mode that answered (an LLM answer may fall back to extractive)."""
    first_token_s: float | None = None
    """Time to the first streamed token (LLM answers only)."""
    abstain_score: float | None = None
    """How strongly the system leaned towards declining (higher: more), if it says."""


class System(Protocol):
    name: str

    def warm_up(self) -> None: ...

    def run(self, question: Question) -> SystemResult: ...


def ranked_documents(hits: list[Hit]) -> list[str]:
    """Distinct document ids of ``hits`` in retrieval order."""
    return distinct([hit.chunk.doc_id for hit in hits])


class PlanassistSystem:
    """The product, in-process: ``Assistant.search`` for the ranking, ``ask`` for the answer."""

    name = "planassist"

    def __init__(
        self, assistant: Assistant, k: int | None = None, mode: str = "extractive"
    ) -> None:
        check_mode(mode, assistant)
        self.assistant, self.k, self.mode = assistant, k, mode

    def warm_up(self) -> None:
        self.assistant.warm_up()

    def run(self, question: Question) -> SystemResult:
        ranked = ranked_documents(self.assistant.search(question.question, top_k=RANKING_DEPTH))
        answer = self.assistant.ask(question.question, self.k, mode=self.mode)
        return SystemResult(
            ranked_docs=ranked,
            context=list(answer.context),
            answer=answer.text,
            citations=list(answer.citations),
            abstained=answer.abstained,
            abstain_score=None if answer.relevance is None else -answer.relevance,
            retrieval_s=answer.timings.get("retrieval_s", 0.0),
            total_s=answer.timings.get("total_s", 0.0),
            mode=answer.mode,
            first_token_s=answer.timings.get("first_token_s"),
        )


class HttpSystem:
    """planassist behind a running API: POST {url}/v1/search and {url}/v1/ask."""

    name = "planassist"

    def __init__(
        self,
        url: str,
        k: int | None = None,
        mode: str = "extractive",
        timeout: float = 120,
        client: httpx.Client | None = None,
    ) -> None:
        import httpx

        check_mode(mode)
        self.url, self.k, self.mode = url.rstrip("/"), k, mode
        self.client = client or httpx.Client(base_url=self.url, timeout=timeout)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        import httpx

        try:
            response = self.client.request(method, path, json=body)
        except httpx.HTTPError as exc:
            raise EvaluationError(f"cannot reach {self.url}{path}: {exc}") from None
        if response.status_code != 200:
            detail = response.text[:300]
            raise EvaluationError(f"{self.url}{path} answered {response.status_code}: {detail}")
        return response.json()

    def document_ids(self) -> set[str]:
        return {doc["id"] for doc in self._call("GET", "/v1/documents")}

    def warm_up(self) -> None:
        self._call("GET", "/healthz")

    def run(self, question: Question) -> SystemResult:
        search = self._call("POST", "/v1/search", {"question": question.question, "top_k": 10})
        payload = {"question": question.question, "top_k": self.k, "mode": self.mode}
        body = self._call("POST", "/v1/ask", payload)
        citations = [
            Citation(chunk_id=c.get("chunk_id", ""), **{f: c[f] for f in _CITATION_FIELDS})
            for c in body["citations"]
        ]
        context = body.get("context")
        timings = body.get("timings", {})
        return SystemResult(
            ranked_docs=distinct([hit["chunk"]["doc_id"] for hit in search["hits"]]),
            context=context,
            answer=body["answer"],
            citations=citations,
            abstained=body["abstained"],
            retrieval_s=timings.get("retrieval_s", 0.0),
            total_s=timings.get("total_s", 0.0),
            mode=body.get("mode", self.mode),
            first_token_s=timings.get("first_token_s"),
            abstain_score=body.get("abstain_score"),
        )


_CITATION_FIELDS = ("n", "doc_id", "title", "section", "page", "excerpt", "score")
