"""From retrieved passages to the final ``Answer``: quoted, or written by the LLM and verified.

``Assistant.stream`` decides whether to answer at all and in which mode; a ``Composer``
then builds the answer for one question, streaming ``Token``s as they are produced.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer.extractive import ExtractiveAnswerer, citation_for
from assistant.answer.facts import keeps_lead_facts
from assistant.answer.generative import (
    NOT_COVERED_MARK,
    GenerativeAnswerer,
    passage_label,
    trimmed_passages,
)
from assistant.answer.lead import question_kind
from assistant.answer.verify import lexical_support, verify
from assistant.domain import Answer, Hit
from assistant.embedding import Embedder
from assistant.language import detect_language
from assistant.prompts import message
from assistant.retrieval.store import IndexStore
from assistant.settings import Settings

FIGURE_KINDS = ("when", "how_many")
"""Questions whose answer is a number, date or deadline: a written answer must keep it."""
SEMANTIC_SUPPORT = 0.55
"""Cosine (sentence vs cited passage) that counts as support when words differ (English)."""


@dataclass(frozen=True)
class Token:
    """A piece of the answer text as it is produced (streaming)."""

    text: str


class Composer:
    """Builds one question's answer from its passages; ``started`` times it."""

    def __init__(
        self,
        settings: Settings,
        answerer: ExtractiveAnswerer,
        store: IndexStore,
        embedder: Embedder,
        started: float,
    ) -> None:
        self.settings, self.answerer = settings, answerer
        self.store, self.embedder, self.started = store, embedder, started

    def extractive(
        self,
        base: Answer,
        passages: list[Hit],
        weights: dict[str, float],
        notice: str | None = None,
    ) -> Answer:
        """The quoted answer (the offline mode, and the fallback of the written one)."""
        text, citations = self.answerer.answer(
            base.language, passages, weights, base.question or ""
        )
        answer = replace(
            base,
            text=text,
            citations=citations,
            abstained=False,
            passages=passages,
            context=[hit.chunk.text for hit in passages],
            mode="extractive",
            notice=notice,
        )
        return finished(answer, self.started)

    def generative(
        self,
        generator: GenerativeAnswerer,
        base: Answer,
        passages: list[Hit],
        weights: dict[str, float],
    ) -> Iterator[Token | Answer]:
        """Stream the model's tokens, then the verified answer (or the quoted fallback).

        With ``llm_check_answerable`` the model first says whether the passages answer the
        question at all; a no declines, as the retrieval-based decline does. The quoted
        answer is given instead when nothing grounded survives verification, when the
        answer is not in the question's language, or when it states none of the numbers,
        dates and §§ of the quoted answer's first statement.
        """
        started = self.started
        texts = trimmed_passages(passages, weights)
        question = base.question or ""
        timings = dict(base.timings)
        if self.settings.llm_check_answerable:
            answers = generator.answers(question, base.language, passages, texts)
            timings["check_s"] = round(time.perf_counter() - started, 4)
            if not answers:
                yield finished(replace(base, timings=timings), started)
                return
        prompt = generator.messages(question, base.language, passages, texts)
        pieces: list[str] = []
        for token in generator.stream(prompt):
            timings.setdefault("first_token_s", round(time.perf_counter() - started, 4))
            pieces.append(token)
            yield Token(token)
        raw = "".join(pieces).strip()
        said_not_covered = NOT_COVERED_MARK in raw.upper()
        raw = re.sub(NOT_COVERED_MARK, "", raw, flags=re.IGNORECASE).strip()
        labels = [passage_label(n, hit) for n, hit in enumerate(passages, start=1)]
        support = self._support(passages, texts)
        checked = verify(raw, texts, self.settings.min_support, support, base.language, labels)
        notice = message("unsupported_removed", base.language)
        if not checked.cited and said_not_covered:
            yield finished(replace(base, timings=timings), started)
            return
        # Sources are bokmål: a nynorsk or English answer must show it, or we quote instead
        # (a small model tends to copy the passages' language).
        if checked.cited and detect_language(checked.text, default="nb") != base.language:
            notice = message("wrong_language", base.language)
            checked.cited = []
        asks_for_figures = question_kind(base.question or "") in FIGURE_KINDS
        if (
            checked.cited
            and asks_for_figures
            and not keeps_lead_facts(
                self.extractive(base, passages, weights).text, checked.text, base.language
            )
        ):  # asked "when"/"how many": the quoted lead had the figure, the written one lost it
            notice = message("lost_fact", base.language)
            checked.cited = []
        if not checked.cited:  # nothing grounded survived: quote the sources instead
            answer = self.extractive(base, passages, weights, notice)
            yield replace(answer, unsupported_sentences=checked.unsupported_sentences)
            return
        answer = replace(
            base,
            text=checked.text,
            citations=[citation_for(n, passages[n - 1]) for n in checked.cited],
            abstained=False,
            passages=passages,
            context=texts,
            notice=notice if checked.unsupported_sentences else None,
            unsupported_sentences=checked.unsupported_sentences,
            timings=timings,
        )
        yield finished(answer, started)

    def _support(self, passages: list[Hit], texts: list[str]) -> Callable[[str, int], float]:
        """Lexical support, or meaning-level support where the words differ (English)."""
        vectors: list[np.ndarray] = []

        def support(sentence: str, index: int) -> float:
            lexical = lexical_support(sentence, texts[index])
            if lexical >= self.settings.min_support:
                return lexical
            if not vectors:
                ids = [hit.chunk.id for hit in passages]
                stored = self.store.embeddings(ids)
                vectors.extend(stored[i] for i in ids)
            cosine = float(self.embedder.encode_query(sentence) @ vectors[index])
            return 1.0 if cosine >= SEMANTIC_SUPPORT else lexical

        return support


def finished(answer: Answer, started: float) -> Answer:
    """Stamp the answer with its total time (and answer time after retrieval)."""
    total = time.perf_counter() - started
    timings = {**answer.timings, "total_s": round(total, 4)}
    timings["answer_s"] = max(0.0, round(total - timings.get("retrieval_s", 0.0), 4))
    return replace(answer, timings=timings)
