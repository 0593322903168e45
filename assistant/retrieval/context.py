"""Choose what the answerer sees: the best passages within a character budget.

A fixed number of passages either wastes the budget on weak ones or drops a strong one;
here the ranked passages are taken in order while they fit, and a passage that breaks off
(ends in a lead-in ":" or mid-sentence, as a list or a long § does) brings the passage it
continues into along, right after it.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain import Hit
from assistant.retrieval.store import IndexStore
from assistant.text import COMPLETE


def breaks_off(text: str) -> bool:
    """Whether a passage stops before its thought is complete."""
    tail = text.rstrip()
    return tail.endswith(":") or not COMPLETE.search(tail)


def select_context(hits: Sequence[Hit], store: IndexStore, budget_chars: int) -> list[Hit]:
    """Ranked passages that fit in ``budget_chars``, each followed by its continuation
    when it breaks off and the continuation fits too (scored like the passage it continues).
    The best passage is always included, even when it alone exceeds the budget."""
    chosen: list[Hit] = []
    taken: set[str] = set()
    used = 0
    for hit in hits:
        if hit.chunk.id in taken:
            continue
        size = len(hit.chunk.text)
        if chosen and used + size > budget_chars:
            continue
        chosen.append(hit)
        taken.add(hit.chunk.id)
        used += size
        following = store.following(hit.chunk) if breaks_off(hit.chunk.text) else None
        if (
            following is not None
            and following.id not in taken
            and used + len(following.text) <= budget_chars
        ):
            chosen.append(Hit(following, hit.score, coverage=hit.coverage))
            taken.add(following.id)
            used += len(following.text)
    return chosen
