"""Write a section's opening prose with the chat model, from its numbered excerpts.

The model sees the section's excerpts numbered 1..k; what it writes is verified like an
answer (every sentence must cite an excerpt that supports it), then its local numbers
are mapped to the draft's citation numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.generative import GenerativeAnswerer
from assistant.answer.verify import renumber, verify
from assistant.drafting import catalog
from assistant.drafting.catalog import SectionSpec
from assistant.drafting.sources import Excerpt
from assistant.prompts import message

MAX_EXCERPTS = 5
"""A small local model reads little; the first excerpts are the law and the best hits."""


class SectionWriter:
    """Generated, verified prose for a section (``None`` when nothing grounded survives)."""

    def __init__(self, model: GenerativeAnswerer, min_support: float) -> None:
        self.model = model
        self.min_support = min_support

    def write(
        self, spec: SectionSpec, values: dict[str, str], excerpts: Sequence[Excerpt], language: str
    ) -> tuple[str | None, str | None]:
        """(prose with the draft's [n], notice); raises ``LLMUnavailable`` if unreachable."""
        chosen = list(excerpts[:MAX_EXCERPTS])
        if not chosen:
            return None, None
        passages = "\n\n".join(f"[{i}] {e.text}" for i, e in enumerate(chosen, start=1))
        prompt = catalog.template(
            "section_llm",
            "nb",
            values,
            section_title=spec.titles[language],
            language_name=message("language_name", language),
            passages=passages,
        )
        checked = verify(
            self.model.complete(prompt),
            [e.text for e in chosen],
            self.min_support,
            language=language,
            given=" ".join(values.values()),  # the user's own municipality, period, theme
        )
        if not checked.cited:
            return None, catalog.text("llm_unsupported", language)
        notice = catalog.text("llm_removed", language) if checked.unsupported_sentences else None
        local_to_draft = [e.n for e in chosen]  # the model's [i] is excerpt i of ``chosen``
        return renumber(checked.text, lambda i: local_to_draft[i - 1]), notice
