"""The done-when drafts over the real index (data/, EmbeddingGemma): marked slow.

A kommunedelplan planprogram in bokmål, a samfunnsdel planprogram in nynorsk and a
planstrategi: every quotation word for word the indexed text, no other municipality's
name or web address outside attributed quotes, no bokmål outside quotes in nynorsk,
every pbl § 4-1 element cited, and no municipality's own budget quoted as guidance.
Drafted without storing (the real data dir is only read).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.drafting import validation
from assistant.drafting.models import Draft
from assistant.drafting.planprogram import PlanprogramDrafter
from assistant.drafting.quality import own_budget
from assistant.drafting.scrub import municipality_names
from assistant.errors import IndexNotReady
from assistant.service import Assistant
from assistant.settings import Settings
from tests.drafting.test_drafting_nynorsk import bokmal_words
from tests.drafting.test_drafting_plantypes import DECIDE, ELEMENTS_41, LAW_LINE
from tests.drafting.test_drafting_quotes import ATTRIBUTION, QUOTE, WEB, normalised

pytestmark = pytest.mark.slow
PLAN = {"kommune": "Eksempelvik", "tema": "helse og omsorg", "periode": "2026-2036"}
CASES = [("kommunedelplan", "nb", PLAN), ("samfunnsdel", "nn", PLAN)]
CASES += [("planstrategi", "nb", {**PLAN, "tema": "", "periode": "2024-2027"})]


@pytest.fixture(scope="module")
def real() -> Assistant:
    data = Path(__file__).parents[2] / "data"  # the conftest points the env elsewhere
    assistant = Assistant(Settings(data_dir=data, embedder="sentence-transformers"))
    try:
        assistant.store  # noqa: B018 - the real index, or skip
    except IndexNotReady:
        pytest.skip("no real index in data/ (make run builds it)")
    return assistant


@pytest.fixture(scope="module")
def drafts(real: Assistant) -> list[Draft]:
    made = []
    for plantype, language, values in CASES:
        drafter = PlanprogramDrafter(
            real, validation.planprogram(plantype=plantype, language=language, **values)
        )
        sections = drafter.draft()
        made.append(
            Draft(
                "",
                drafter.kind,
                drafter.title,
                language,
                {"plantype": plantype},
                sections,
                drafter.book.citations,
            )
        )
    return made


def test_quotes_names_and_language(real: Assistant, drafts: list[Draft]) -> None:
    chunks = {c.id: normalised(c.text) for c in real.store.chunks}
    names = municipality_names(real.store) - {"Eksempelvik"}
    for draft in drafts:
        by_n = {c.n: c for c in draft.citations}
        for section in draft.sections:
            own, start = [], 0
            for match in QUOTE.finditer(section.markdown):
                source = chunks[by_n[int(match[2])].chunk_id]
                for piece in filter(None, (p.strip() for p in match[1].split("[…]"))):
                    assert piece in source, f"{draft.kind}/{section.key}: «{piece}»"
                before = section.markdown[start : match.start()]
                own.append(ATTRIBUTION.sub("", before))
                start = match.end()
            text = "".join([*own, section.markdown[start:]])
            assert not WEB.search(text), f"{section.key}: web address outside quotes"
            for name in names:
                assert not re.search(rf"\b{name}\b", text), f"{section.key}: {name}"
            if draft.language == "nn":
                assert not bokmal_words(text), f"{section.key}: {bokmal_words(text)}"


def test_planprogram_elements_and_clean_guidance(real: Assistant, drafts: list[Draft]) -> None:
    names = municipality_names(real.store)
    for draft in drafts[:2]:
        by_n = {c.n: c for c in draft.citations}
        sections = {s.key: s.markdown for s in draft.sections}
        for key, paragraph in ELEMENTS_41.values():
            assert DECIDE in sections[key]
            if paragraph:
                cited = [by_n[int(n)].section or "" for _, n in LAW_LINE.findall(sections[key])]
                assert any(s.startswith(paragraph + ".") for s in cited), key
        for citation in draft.citations:
            if citation.doc_id in {"lhl-webinar-2023", "virksom-plan-kurs", "mr-plan-politikarar"}:
                assert not own_budget(citation.excerpt, names), citation.excerpt[:80]
    strategi = drafts[2]
    assert strategi.kind == "planstrategi" and not strategi.title.startswith("Planprogram")
