"""Planprogram drafts over the small test index: structure, citations, names, framdrift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.drafting import catalog, validation
from assistant.drafting.models import Draft
from assistant.drafting.scrub import Scrubber, municipality_names
from assistant.drafting.service import Drafting
from assistant.errors import InvalidRequest, NotFound
from assistant.service import Assistant

PBL = Path(__file__).parents[2] / "corpus" / "plan-og-bygningsloven.md"
CITED = re.compile(r"\[(\d+(?:, \d+)*)\]")
CLAIM = re.compile(r"«|§|\bskal\b|\bminst\b", re.IGNORECASE)
DECIDE = "**Kommunen må ta stilling til:**"
"""What the municipality must decide is a list of questions for it, not a claim."""


def plan(**overrides: object) -> object:
    values = {
        "kommune": "Eksempelvik",
        "plantype": "kommunedelplan",
        "tema": "helse og omsorg",
        "periode": "2026-2036",
        **overrides,
    }
    return validation.planprogram(**values)


@pytest.fixture(scope="module")
def drafting(assistant: Assistant) -> Drafting:
    return Drafting(assistant)


@pytest.fixture(scope="module")
def draft(drafting: Drafting) -> Draft:
    return drafting.planprogram(plan())


def test_all_sections_in_order(draft: Draft) -> None:
    assert [s.key for s in draft.sections] == list(catalog.plan_type("kommunedelplan").sections)
    assert [s.title for s in draft.sections][:2] == [
        "Formål med planarbeidet",
        "Rammer og føringer",
    ]
    assert draft.title == (
        "Planprogram – Kommunedelplan for helse og omsorg, Eksempelvik kommune, 2026–2036"
    )
    assert draft.mode == "template" and draft.citations


def test_every_claim_cites_a_known_source(draft: Draft) -> None:
    numbers = {c.n for c in draft.citations}
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    used: set[int] = set()
    for section in draft.sections:
        for line in section.markdown.splitlines():
            cited = {int(n) for group in CITED.findall(line) for n in group.split(", ")}
            if CLAIM.search(line) and "[Fyll inn:" not in line and DECIDE not in line:
                assert cited, f"{section.key}: uncited claim: {line}"
            assert cited <= numbers, line
            used |= cited
    assert used == numbers, "every listed source is cited somewhere"


def test_municipality_names_and_credit(assistant: Assistant, draft: Draft) -> None:
    names = municipality_names(assistant.store)
    assert "Hole" in names and "Nav" not in names  # "Stat Nav kommune" is an org chart
    body = "\n".join(s.markdown for s in draft.sections)
    assert "Eksempelvik kommune" in body
    assert any("Hole" in c.title for c in draft.citations), "the example is credited in Kilder"


def test_scrubber_neutralises_own_text() -> None:
    scrubber = Scrubber({"Hole", "Samnanger"}, "Eksempelvik")
    text = "Hole kommunes planstrategi. Et aldersvennlig Hole. I Samnanger kommune."
    assert scrubber.scrub(text) == (
        "kommunens planstrategi. Et aldersvennlig kommunen. I kommunen."
    )
    assert scrubber.leaks(scrubber.scrub(text)) == []
    assert Scrubber({"Hole"}, "Hole").scrub("Hole kommune") == "Hole kommune"


def test_framdrift_steps_and_deadlines_are_cited_to_their_paragraph(draft: Draft) -> None:
    framdrift = next(s for s in draft.sections if s.key == "framdrift").markdown
    by_n = {c.n: c for c in draft.citations}
    steps = catalog.steps("kommuneplan")
    in_test_corpus = [s for s in steps if s.paragraph != "pbl § 11-12"]  # not in the excerpt
    assert "kontroller pbl § 11-12" in framdrift
    for step in in_test_corpus:
        line = next(line for line in framdrift.splitlines() if step.quote in line)
        paragraph = step.paragraph.split(" ", 1)[1]
        (n,) = CITED.findall(line)
        assert by_n[int(n)].section.startswith(paragraph + "."), line
        if step.deadlines:
            assert f"frist: {step.deadlines['nb']}" in line
    assert "minst seks uker" in framdrift


@pytest.mark.parametrize("process", ["kommuneplan", "planstrategi"])
def test_statutory_deadlines_match_the_law(process: str) -> None:
    """Each step's quote is the law's wording in the real corpus, and holds its deadline."""
    law = PBL.read_text(encoding="utf-8")
    for step in catalog.steps(process):
        paragraph = step.paragraph.split(" ", 1)[1]
        start = law.index(f"### {paragraph}.")
        text = " ".join(law[start : law.find("\n### ", start + 1)].split())
        assert step.quote in text, f"{step.paragraph}: {step.quote}"
        if step.deadlines:
            assert step.deadlines["nb"] in step.quote
            for number, unit in re.findall(r"minst (\w+) (uker|dager)", step.deadlines["nb"]):
                assert re.search(rf"minst {number} {unit}", text)


def test_planstrategi_and_temaplan_processes(drafting: Drafting) -> None:
    strategi = drafting.planprogram(plan(plantype="kommunal planstrategi", sections=["vedtak"]))
    assert "minst 30 dager" in strategi.sections[0].markdown
    tema = drafting.planprogram(plan(plantype="temaplan", sections=["framdrift"]))
    assert "ikke lovpålagt" in tema.sections[0].markdown


def test_nynorsk_draft(drafting: Drafting) -> None:
    draft = drafting.planprogram(plan(language="nn", sections=["medvirkning", "formal"]))
    assert [s.title for s in draft.sections] == ["Medverknad", "Føremål med planarbeidet"]
    assert "Kva lova krev" in draft.sections[0].markdown
    assert "§ 5-1" in draft.sections[0].markdown


def test_open_points_are_collected(draft: Draft) -> None:
    assert "hvem er prosjektleder?" in draft.open_points
    assert len(draft.open_points) == len(set(draft.open_points))


def test_regenerate_and_delete(drafting: Drafting) -> None:
    draft = drafting.planprogram(plan(sections=["formal", "medvirkning"]))
    again = drafting.regenerate(draft.id, "framdrift")
    assert [s.key for s in again.sections] == ["formal", "medvirkning", "framdrift"]
    assert drafting.get(draft.id).sections[-1].key == "framdrift"
    numbers = [c.n for c in again.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    drafting.delete(draft.id)
    with pytest.raises(NotFound, match="no draft"):
        drafting.get(draft.id)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kommune": "  "}, "kommune .* is empty"),
        (
            {"plantype": "reguleringsplan"},
            "unknown plan type 'reguleringsplan'; known: planstrategi",
        ),
        ({"periode": "2036-2026"}, "not a period like"),
        ({"language": "en"}, "unknown language 'en'"),
        (
            {"sections": ["budsjett"]},
            "unknown section 'budsjett' of a kommunedelplan; known sections: formal, rammer",
        ),
        (
            {"plantype": "planstrategi", "sections": ["framdrift"]},
            "unknown section 'framdrift' of a planstrategi; known sections: strategiske_valg",
        ),
        ({"tema": " "}, "tema .* is empty"),
    ],
)
def test_bad_inputs(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        plan(**overrides)
