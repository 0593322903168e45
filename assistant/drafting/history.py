"""Changes a planner makes to a stored draft: their own text, or a section from an old version.

Pure functions on ``Draft``; the service stores the result as a new version. Citation
numbers stay consistent: a section brought back from another version keeps pointing at
the same passages (matched by chunk), then the draft is numbered 1, 2, … again.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.verify import renumber
from assistant.domain import Citation
from assistant.drafting.export import renumbered
from assistant.drafting.models import Draft, DraftSection
from assistant.errors import InvalidRequest, NotFound

MAX_SECTION_CHARS = 40_000
"""About fifteen pages; a longer text is a mistake (a pasted document), refused with a 422."""


def section_of(draft: Draft, key: str) -> DraftSection:
    for section in draft.sections:
        if section.key == key:
            return section
    keys = ", ".join(s.key for s in draft.sections)
    raise NotFound(f"draft '{draft.id}' has no section '{key}'; its sections: {keys}")


def _replaced(draft: Draft, fresh: DraftSection) -> list[DraftSection]:
    return [fresh if s.key == fresh.key else s for s in draft.sections]


def with_edit(draft: Draft, key: str, markdown: str, user: str, now: float) -> Draft:
    """``draft`` with section ``key`` set to the planner's own text."""
    if len(markdown) > MAX_SECTION_CHARS:
        raise InvalidRequest(
            f"the text of section '{key}' is {len(markdown):,} characters; a section holds "
            f"at most {MAX_SECTION_CHARS:,}. Nothing was saved."
        )
    edited = replace(section_of(draft, key), markdown=markdown, edited_by=user, edited_at=now)
    return renumbered(replace(draft, sections=_replaced(draft, edited), updated=now))


def with_section_from(draft: Draft, old: Draft, key: str, now: float) -> Draft:
    """``draft`` with section ``key`` as it was in ``old`` (another version of it)."""
    section = section_of(old, key)
    section_of(draft, key)
    numbers = {c.chunk_id: c.n for c in draft.citations}
    citations: list[Citation] = list(draft.citations)
    old_citations = {c.n: c for c in old.citations}

    def current_number(n: int) -> int:
        cited = old_citations.get(n)
        if cited is None:
            return n
        if cited.chunk_id not in numbers:
            numbers[cited.chunk_id] = max(numbers.values(), default=0) + 1
            citations.append(replace(cited, n=numbers[cited.chunk_id]))
        return numbers[cited.chunk_id]

    moved = replace(section, markdown=renumber(section.markdown, current_number))
    restored = replace(draft, sections=_replaced(draft, moved), citations=citations, updated=now)
    return renumbered(restored)
