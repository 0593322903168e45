"""Answer with a chat model: few, trimmed, numbered passages in; streamed tokens out.

The model sees each passage as "[n] title — section" plus the part of it that best
matches the question, so a small local model reads little (≈ 70 tokens/s here).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answer.extractive import best_window, split_sentences
from assistant.domain import Hit, location
from assistant.errors import PlanassistError
from assistant.llm import capped
from assistant.prompts import message, render

log = logging.getLogger("planassist")
PASSAGE_CHARS = 700
NOT_COVERED_MARK = "IKKE DEKKET"
"""What the system prompt tells the model to write when the passages do not answer."""
EMPTY = "empty answer"
"""The reason given when the model answers with no text (or a stream with no content)."""
VERDICT_TOKENS = 4
"""The answerability check's reply is one word."""
_NO = re.compile(r"^\W*(nei|no|ikke)\b", re.IGNORECASE)
UNREADABLE = (ValueError, TypeError, KeyError, AttributeError)
"""What a reply that is not JSON, or JSON that is not a chat completion, raises."""


class LLMUnavailable(PlanassistError):
    """The chat model could not be reached or failed; the caller falls back."""

    status_code = 503


def passage_label(n: int, hit: Hit) -> str:
    chunk = hit.chunk
    where = location(chunk.section, chunk.page)
    return f"[{n}] {chunk.title}" + (f" — {where}" if where else "")


# Text in a document that talks to the assistant instead of about planning.
INSTRUCTION_LIKE = re.compile(
    r"\b(ignor\w*|glem|se bort fra|forget|disregard)\b\W+(?:\w+\W+){0,3}?"
    r"(instruks\w*|instructions?|regl\w*|rules|prompt)"
    r"|\b(beskjed|melding|message|note)\s+(til|to)\s+(assistent\w*|ki|ai|modell\w*|the assistant)"
    r"|\bsvar (bare|kun) med\b|\brespond only with\b|\bsystem ?prompt",
    re.IGNORECASE,
)


def without_instructions(text: str) -> str:
    """Drop sentences that give the assistant orders: passages are data, never commands."""
    return " ".join(s for s in split_sentences(text) if not INSTRUCTION_LIKE.search(s))


def trimmed_passages(hits: Sequence[Hit], weights: dict[str, float]) -> list[str]:
    """Each passage cut to the part that best matches the question, orders removed."""
    texts = []
    for hit in hits:
        sentences = split_sentences(without_instructions(hit.chunk.text)) or [hit.chunk.title]
        texts.append(best_window(sentences, weights, PASSAGE_CHARS).text)
    return texts


class GenerativeAnswerer:
    """Builds the prompt from files in prompts/ and streams the model's answer.

    One per app: after the model fails, it is left alone for ``retry_after_s`` and every
    call fails at once with the same reason (the caller quotes the sources instead), so an
    outage costs one timeout, not one per question or draft section. The first call after
    that tries the model again.
    """

    def __init__(self, chat_model: BaseChatModel, retry_after_s: float = 0.0) -> None:
        self.chat_model = chat_model
        self.retry_after_s = retry_after_s
        self._failed: tuple[float, str] | None = None  # (when, reason) of the last failure
        self._lock = threading.Lock()

    def messages(
        self,
        question: str,
        language: str,
        hits: Sequence[Hit],
        texts: Sequence[str],
        task: str | None = None,
    ) -> list[BaseMessage]:
        """The prompt: rules, numbered passages, the question, then ``task`` (by default:
        write the answer). The check and the answer share everything before the task, so a
        server that keeps its last prompt (llama.cpp does) reads the passages once."""
        language_name = message("language_name", language)
        passages = "\n\n".join(
            f"{passage_label(n, hit)}\n{text}"
            for n, (hit, text) in enumerate(zip(hits, texts, strict=True), start=1)
        )
        task = task or render("answer_task", answer_in=message("answer_in", language))
        return [
            SystemMessage(render("answer_system", language_name=language_name)),
            HumanMessage(render("answer_user", passages=passages, question=question, task=task)),
        ]

    def answers(
        self, question: str, language: str, hits: Sequence[Hit], texts: Sequence[str]
    ) -> bool:
        """The model's judgement, before it writes, whether the passages hold what the
        question asks for: near-miss questions share the documents' words, so only reading
        tells them apart. Anything but a plain no counts as yes (a garbled reply must not
        silence an answer)."""
        prompt = self.messages(question, language, hits, texts, render("answerable"))
        with self._guarded():
            cap = capped(self.chat_model, VERDICT_TOKENS)
            reply = str(self.chat_model.invoke(prompt, **cap).content)
        return not _NO.match(reply)

    def stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        """Tokens as the model writes them; failures (and an empty answer) become
        ``LLMUnavailable``."""
        written = False
        with self._guarded():
            for piece in self.chat_model.stream(messages):
                if piece.content:
                    written = True
                    yield str(piece.content)
        if not written:  # it answered, so it is up; but there is nothing to show
            raise LLMUnavailable(EMPTY)

    def complete(self, prompt: str) -> str:
        with self._guarded():
            text = str(self.chat_model.invoke([HumanMessage(prompt)]).content).strip()
        if not text:
            raise LLMUnavailable(EMPTY)
        return text

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """Fail at once while the model is resting after a failure; otherwise run the call
        and remember how it went."""
        with self._lock:
            failed = self._failed
        if failed is not None and time.monotonic() - failed[0] < self.retry_after_s:
            raise LLMUnavailable(failed[1])
        try:
            yield
        except Exception as exc:  # openai/httpx errors differ per backend: one message
            reason = describe_failure(exc)
            log.warning("language model failed (%s): %r", reason, exc)
            with self._lock:
                self._failed = (time.monotonic(), reason)
            raise LLMUnavailable(reason) from exc
        with self._lock:
            self._failed = None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def describe_failure(exc: Exception) -> str:
    """A short reason for the user: no stack, no secrets."""
    names = {type(cause).__name__ for cause in _chain(exc)}
    if any("Timeout" in name for name in names):
        return "timed out"
    if any("Protocol" in name or name in ("ReadError", "WriteError") for name in names):
        return "the connection broke off"  # it answered, then the answer broke off
    if any("Connect" in name for name in names):
        return "could not connect"
    status = getattr(exc, "status_code", None)
    if status:
        return f"HTTP {status}"
    if isinstance(exc, UNREADABLE):
        return "unreadable answer"
    return type(exc).__name__
