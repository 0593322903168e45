"""Answer with a chat model: few, trimmed, numbered passages in; streamed tokens out.

The model sees each passage as "[n] title — section" plus the part of it that best
matches the question, so a small local model reads little (≈ 70 tokens/s here).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answer.extractive import best_window, split_sentences
from assistant.domain import Hit, location
from assistant.errors import PlanassistError
from assistant.prompts import message, render

PASSAGE_CHARS = 700
NOT_COVERED_MARK = "IKKE DEKKET"
"""What the system prompt tells the model to write when the passages do not answer."""


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
    """Builds the prompt from files in prompts/ and streams the model's answer."""

    def __init__(self, chat_model: BaseChatModel) -> None:
        self.chat_model = chat_model

    def messages(
        self, question: str, language: str, hits: Sequence[Hit], texts: Sequence[str]
    ) -> list[BaseMessage]:
        language_name = message("language_name", language)
        passages = "\n\n".join(
            f"{passage_label(n, hit)}\n{text}"
            for n, (hit, text) in enumerate(zip(hits, texts, strict=True), start=1)
        )
        return [
            SystemMessage(render("answer_system", language_name=language_name)),
            HumanMessage(
                render(
                    "answer_user",
                    passages=passages,
                    question=question,
                    answer_in=message("answer_in", language),
                )
            ),
        ]

    def stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        """Tokens as the model writes them; failures become ``LLMUnavailable``."""
        try:
            for piece in self.chat_model.stream(messages):
                if piece.content:
                    yield str(piece.content)
        except Exception as exc:  # openai/httpx errors differ per backend: one message
            raise LLMUnavailable(describe_failure(exc)) from exc

    def complete(self, prompt: str) -> str:
        try:
            return str(self.chat_model.invoke([HumanMessage(prompt)]).content).strip()
        except Exception as exc:
            raise LLMUnavailable(describe_failure(exc)) from exc


def describe_failure(exc: Exception) -> str:
    """A short reason for the user: no stack, no secrets."""
    name = type(exc).__name__
    if "Timeout" in name:
        return "timed out"
    if "Connection" in name:
        return "could not connect"
    status = getattr(exc, "status_code", None)
    return f"HTTP {status}" if status else name
