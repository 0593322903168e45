"""Faithful sources: every «…» in a generated draft is word for word its source.

Each quotation (split at […], the marked omissions) must occur in the whitespace-normalised
text of the chunk it cites, or else of the indexed corpus; another municipality's name or a
web address may stand outside quotes only as the attribution right before one.
"""

from __future__ import annotations

import re

import pytest

from assistant.drafting import validation
from assistant.drafting.models import Draft
from assistant.drafting.scrub import municipality_names
from assistant.drafting.service import Drafting
from assistant.service import Assistant
from assistant.settings import Settings

# A quotation runs to the first closing mark followed by its citation, so quotation marks
# inside the source («HOD-prosjekt») stay part of it.
QUOTE = re.compile(r"«(.*?)» \[(\d+)\]", re.DOTALL)
ATTRIBUTION = re.compile(r"\b[\w-]+ kommune (?:skriver|skriv): $")
WEB = re.compile(r"https?://|www\.|\b[\w-]+\.(?:no|com|org)\b")
SOURCE_LISTS = {"leseliste"}
"""A reading list names documents (titles with their municipality), like Kilder."""


def normalised(text: str) -> str:
    return " ".join(text.split())


def drafts(assistant: Assistant) -> list[Draft]:
    """Every kind of document: planprogram of four plan types (nb and nn), the planstrategi
    itself (nb and nn), and workshop material."""
    drafting = Drafting(assistant)
    plan = {"kommune": "Eksempelvik", "tema": "helse og omsorg", "periode": "2026-2036"}
    strategi = {"kommune": "Eksempelvik", "tema": "", "periode": "2024-2027"}
    return [
        drafting.planprogram(validation.planprogram(plantype="kommunedelplan", **plan)),
        drafting.planprogram(validation.planprogram(plantype="samfunnsdel", language="nn", **plan)),
        drafting.workshop(validation.workshop("kommunestyre", "kommunal planstrategi", 3)),
        drafting.planprogram(validation.planprogram(plantype="planstrategi", **strategi)),
        drafting.planprogram(
            validation.planprogram(plantype="planstrategi", language="nn", **strategi)
        ),
        drafting.planprogram(validation.planprogram(plantype="arealdel", language="nn", **plan)),
        drafting.planprogram(validation.planprogram(plantype="temaplan", **plan)),
    ]


@pytest.fixture(scope="module")
def generated(assistant: Assistant) -> list[Draft]:
    return drafts(assistant)


def test_every_quotation_is_verbatim(
    generated: list[Draft], assistant: Assistant, indexed_settings: Settings
) -> None:
    corpus = normalised(
        " ".join(p.read_text(encoding="utf-8") for p in indexed_settings.corpus_dir.iterdir())
    )
    checked = 0
    for draft in generated:
        chunks = {c.n: normalised(c.excerpt) for c in draft.citations}
        for section in draft.sections:
            for match in QUOTE.finditer(section.markdown):
                quote, n = match[1], int(match[2])
                for piece in filter(None, (p.strip() for p in quote.split("[…]"))):
                    assert piece in chunks[n] or piece in corpus, (
                        f"{draft.kind}/{section.key}: [{n}] not verbatim: «{piece}»"
                    )
                    assert not piece.endswith("…"), f"a cut is marked […]: «{piece}»"
                checked += 1
    assert checked >= 60


def test_no_foreign_name_outside_attributed_quotes(
    generated: list[Draft], assistant: Assistant
) -> None:
    names = municipality_names(assistant.store) | {"Hole"}
    attributed = 0
    for draft in generated:
        for section in draft.sections:
            if section.key in SOURCE_LISTS:
                continue
            own, start = [], 0
            for match in QUOTE.finditer(section.markdown):
                before = section.markdown[start : match.start()]
                if ATTRIBUTION.search(before):
                    attributed += 1
                    before = ATTRIBUTION.sub("", before)
                own.append(before)
                start = match.end()
            text = "".join([*own, section.markdown[start:]])
            assert "«" not in text and "»" not in text, f"{section.key}: uncited quotation"
            assert not WEB.search(text), f"{section.key}: web address outside quotes"
            for name in names - {"Eksempelvik"}:
                assert not re.search(rf"\b{name}\b", text), f"{section.key}: {name}"
    assert attributed, "another municipality's example is attributed before its quote"


def test_example_keeps_its_own_name(generated: list[Draft]) -> None:
    body = "\n".join(s.markdown for s in generated[0].sections)
    assert "Hole kommune skriver: «" in body
    assert "Eksempelvik kommunes planstrategi" not in body  # the old rewrite of Hole's text
    nynorsk = "\n".join(s.markdown for s in generated[1].sections)
    assert "Hole kommune skriv: «" in nynorsk
