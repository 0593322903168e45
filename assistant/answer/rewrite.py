"""Turn a follow-up ("og hvem vedtar den?") into a question that stands alone.

Retrieval sees one question at a time, so a follow-up must carry its topic. With an
LLM the model rewrites it (prompts/rewrite.md); without one a rule prefixes the previous
question, which gives retrieval the missing topic words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.prompts import render

FOLLOW_UP_STARTS = ("og ", "men ", "enn ", "hva med", "kva med", "and ", "but ", "what about")
PRONOUNS = frozenset(
    "den det de dei denne dette disse desse dem han hun ho hen slik sånn "
    "it its they them their this that these those".split()
)
SHORT = 5
"""A question of at most this many words after a previous one is taken as a follow-up."""


def is_follow_up(question: str) -> bool:
    lowered = question.strip().lower()
    words = re.findall(r"\w+", lowered)
    return (
        lowered.startswith(FOLLOW_UP_STARTS)
        or any(word in PRONOUNS for word in words)
        or len(words) <= SHORT
    )


def standalone_question(
    question: str,
    previous_questions: Sequence[str],
    complete: Callable[[str], str] | None = None,
) -> str:
    """The question to retrieve with; unchanged unless it is a follow-up."""
    if not previous_questions or not is_follow_up(question):
        return question
    if complete is None:
        return f"{previous_questions[-1].rstrip(' ?')}: {question}"
    history = "\n".join(f"- {q}" for q in previous_questions[-3:])
    rewritten = complete(render("rewrite", history=history, question=question)).strip()
    first_line = rewritten.splitlines()[0].strip(' "«»') if rewritten else ""
    return first_line or f"{previous_questions[-1].rstrip(' ?')}: {question}"
