"""The systems under evaluation: planassist (in-process or over HTTP) and two baselines.

Every system answers the same ``Question`` with a ``SystemResult``: the ranked distinct
documents retrieval found, the passages handed to the answerer, the answer and its citations.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from assistant.answer.grounding import term_weights
from assistant.domain import Citation, Hit
from assistant.language import detect_language
from evaluation import EvaluationError
from evaluation.dataset import Question
from evaluation.metrics import distinct

if TYPE_CHECKING:
    import httpx

    from assistant.service import Assistant

RANKING_DEPTH = 10
"""Chunks retrieved for the document ranking (hit@k, MRR, nDCG@10)."""
BASELINE_CONTEXT = 4
"""Chunks a baseline hands to the answerer (the LangChain tutorial's default k)."""

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
    passages: list[str] | None
    """Texts handed to the answerer; None when the system does not expose them (HTTP)."""
    answer: str
    citations: list[Citation]
    abstained: bool
    retrieval_s: float
    total_s: float
    mode: str = "extractive"
    """The mode that answered (an LLM answer may fall back to extractive)."""
    first_token_s: float | None = None
    """Time to the first streamed token (LLM answers only)."""


class System(Protocol):
    name: str

    def warm_up(self) -> None: ...

    def run(self, question: Question) -> SystemResult: ...


def _ranked(hits: list[Hit]) -> list[str]:
    return distinct([hit.chunk.doc_id for hit in hits])


class PlanassistSystem:
    """The product, in-process: ``Assistant.search`` for the ranking, ``ask`` for the answer."""

    name = "planassist"

    def __init__(self, assistant: Assistant, k: int = 5, mode: str = "extractive") -> None:
        check_mode(mode, assistant)
        self.assistant, self.k, self.mode = assistant, k, mode

    def warm_up(self) -> None:
        self.assistant.warm_up()

    def run(self, question: Question) -> SystemResult:
        ranked = _ranked(self.assistant.search(question.question, top_k=RANKING_DEPTH))
        answer = self.assistant.ask(question.question, self.k, mode=self.mode)
        return SystemResult(
            ranked_docs=ranked,
            passages=[hit.chunk.text for hit in answer.passages],
            answer=answer.text,
            citations=list(answer.citations),
            abstained=answer.abstained,
            retrieval_s=answer.timings.get("retrieval_s", 0.0),
            total_s=answer.timings.get("total_s", 0.0),
            mode=answer.mode,
            first_token_s=answer.timings.get("first_token_s"),
        )


class ContextBaseline:
    """A retriever without threshold: top chunks → the same extractive answerer, never abstains."""

    name = "baseline"

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        # The product's answerer with its settings, only fed the baseline's whole context.
        self.answerer = copy.copy(assistant.answerer)
        self.answerer.max_passages = BASELINE_CONTEXT

    def warm_up(self) -> None:
        self.assistant.warm_up()

    def retrieve(self, question: str) -> list[Hit]:
        raise NotImplementedError

    def run(self, question: Question) -> SystemResult:
        started = time.perf_counter()
        hits = self.retrieve(question.question)
        retrieved = time.perf_counter()
        context = hits[:BASELINE_CONTEXT]
        language = detect_language(question.question)
        weights = term_weights(self.assistant.store, question.question)
        text, citations = self.answerer.answer(language, context, weights)
        return SystemResult(
            ranked_docs=_ranked(hits),
            passages=[hit.chunk.text for hit in context],
            answer=text,
            citations=citations,
            abstained=False,
            retrieval_s=round(retrieved - started, 4),
            total_s=round(time.perf_counter() - started, 4),
        )


class Bm25Baseline(ContextBaseline):
    """BM25 only over planassist's own chunks (``LexicalRetriever``), top 4 as context."""

    name = "bm25"

    def retrieve(self, question: str) -> list[Hit]:
        from assistant.retrieval.lexical import LexicalRetriever

        return LexicalRetriever(self.assistant.store).search(question, top_k=RANKING_DEPTH)


def make_baseline(name: str, assistant: Assistant) -> System:
    from evaluation.naive import NaiveBaseline

    baselines: dict[str, Callable[[Assistant], System]] = {
        "naive": NaiveBaseline,
        "bm25": Bm25Baseline,
    }
    if name not in baselines:
        raise EvaluationError(f"unknown baseline '{name}'; known: {', '.join(baselines)}")
    return baselines[name](assistant)


class HttpSystem:
    """planassist behind a running API: POST {url}/v1/search and {url}/v1/ask."""

    name = "planassist"

    def __init__(
        self,
        url: str,
        k: int = 5,
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
        passages = body.get("passages")
        timings = body.get("timings", {})
        return SystemResult(
            ranked_docs=distinct([hit["chunk"]["doc_id"] for hit in search["hits"]]),
            passages=[p["text"] if isinstance(p, dict) else p for p in passages]
            if passages is not None
            else None,
            answer=body["answer"],
            citations=citations,
            abstained=body["abstained"],
            retrieval_s=timings.get("retrieval_s", 0.0),
            total_s=timings.get("total_s", 0.0),
            mode=body.get("mode", self.mode),
            first_token_s=timings.get("first_token_s"),
        )


_CITATION_FIELDS = ("n", "doc_id", "title", "section", "page", "excerpt", "score")
