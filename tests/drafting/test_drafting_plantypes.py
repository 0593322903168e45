"""The documents planners make, and the sources each section draws on.

Each plan type has its own sections (a planstrategi is its own document, not a
planprogram); each section quotes only the §§ of the curated map (``sources.yaml``),
which must exist in the real corpus; every planprogram has the elements pbl § 4-1 asks
for, each cited to § 4-1 (or § 5-1 for medvirkning); quote candidates are filtered.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from assistant.drafting import catalog, validation
from assistant.drafting.models import Draft
from assistant.drafting.quality import finished, own_budget, unquotable
from assistant.drafting.service import Drafting
from assistant.drafting.sources import PARAGRAPH_REF
from assistant.service import Assistant

CORPUS = Path(__file__).parents[2] / "corpus"
LAW_LINE = re.compile(r"^- (\S+ § [\w-]+): «.*» \[(\d+)\]$", re.MULTILINE)
DECIDE = "**Kommunen må ta stilling til:** "
ELEMENTS_41 = {  # pbl § 4-1: what a planprogram must account for, and the section that does
    "formålet med planarbeidet": ("formal", "§ 4-1"),
    "planprosessen med frister": ("framdrift", "§ 4-1"),
    "deltakere": ("organisering", None),
    "opplegget for medvirkning": ("medvirkning", "§ 5-1"),
    "hvilke alternativer som vil bli vurdert": ("alternativer", "§ 4-1"),
    "behovet for utredninger": ("utredninger", "§ 4-1"),
}
MANIFEST = {d["id"]: d for d in yaml.safe_load((CORPUS / "manifest.yaml").read_text())["documents"]}


def law_headings(doc_id: str) -> set[str]:
    """The § numbers a law in the real corpus has ("§ 5-12")."""
    text = (CORPUS / MANIFEST[doc_id]["file"]).read_text(encoding="utf-8")
    return set(re.findall(r"^### (§ [\w-]+)\.", text, re.MULTILINE))


def all_refs(key: str) -> set[str]:
    laws = catalog.section_sources(key).laws
    lists = laws.values() if isinstance(laws, dict) else [laws]
    return {ref for refs in lists for ref in refs}


class TestSectionMap:
    def test_every_section_is_mapped_to_sources_the_corpus_has(self) -> None:
        kinds = {kind.key: kind.doc_type for kind in catalog.source_kinds()}
        for spec in catalog.sections():
            for ref in all_refs(spec.key):
                match = PARAGRAPH_REF.match(ref)
                assert match, f"{spec.key}: {ref}"
                assert match[2] in law_headings(match[1]), f"{spec.key}: {ref} not in corpus/"
            for kind, documents in catalog.section_sources(spec.key).documents.items():
                for doc_id in documents:
                    assert MANIFEST[doc_id]["doc_type"] == kinds[kind], f"{spec.key}: {doc_id}"

    @pytest.mark.parametrize(
        ("key", "plan", "wanted"),
        [
            ("framdrift", "samfunnsdel", {"pbl § 4-1"}),
            ("medvirkning", "kommunedelplan", {"pbl § 5-1", "pbl § 5-2", "kommuneloven § 5-12"}),
            ("medvirkning", "planstrategi", {"pbl § 10-1", "kommuneloven § 5-12"}),
            ("oppfolging", "samfunnsdel", {"pbl § 11-1", "kommuneloven § 14-4"}),
            ("rammer", "samfunnsdel", {"folkehelseloven § 4", "folkehelseloven § 6"}),
            ("folkehelse", "planstrategi", {"folkehelseloven § 5", "folkehelseloven § 6"}),
            ("strategiske_valg", "planstrategi", {"pbl § 10-1"}),
        ],
    )
    def test_curated_paragraphs(self, key: str, plan: str, wanted: set[str]) -> None:
        assert wanted <= set(catalog.section_sources(key).pinned(plan))

    def test_framdrift_steps_cover_the_kommuneplan_process(self) -> None:
        paragraphs = {step.paragraph for step in catalog.steps("kommuneplan")}
        assert paragraphs == {"pbl § 11-12", "pbl § 11-13", "pbl § 11-14", "pbl § 11-15"}
        vedtak = {step.paragraph for step in catalog.steps("planstrategi")}
        assert vedtak == {"pbl § 10-1"}

    def test_folkehelseloven_4_to_7_are_drawn_on(self) -> None:
        refs = {ref for spec in catalog.sections() for ref in all_refs(spec.key)}
        assert {f"folkehelseloven § {n}" for n in range(4, 8)} <= refs


class TestPlanTypes:
    def test_each_type_has_its_own_structure(self) -> None:
        types = catalog.plan_types()
        structures = {plan.sections for plan in types.values()}
        assert len(structures) == len(types)
        for plan in types.values():
            for key in plan.sections:
                assert catalog.section(key, plan).key == key
        assert types["planstrategi"].document == "planstrategi"
        assert types["planstrategi"].sections == (
            "strategiske_valg",
            "folkehelse",
            "planbehov",
            "medvirkning",
            "vedtak",
        )
        assert "innsatsomrader" not in types["samfunnsdel"].sections  # not a theme plan
        assert "arealtema" in types["arealdel"].sections

    def test_whole_municipality_plans_need_no_tema(self) -> None:
        inputs = validation.planprogram("Eksempelvik", "planstrategi", "", "2024-2027")
        assert inputs.tema == ""


@pytest.fixture(scope="module")
def drafts(assistant: Assistant) -> dict[str, Draft]:
    drafting = Drafting(assistant)
    plan = {"kommune": "Eksempelvik", "tema": "helse og omsorg", "periode": "2026-2036"}
    return {
        "kommunedelplan": drafting.planprogram(
            validation.planprogram(plantype="kommunedelplan", **plan)
        ),
        "samfunnsdel": drafting.planprogram(
            validation.planprogram(plantype="samfunnsdel", language="nn", **plan)
        ),
        "planstrategi": drafting.planprogram(
            validation.planprogram("Eksempelvik", "planstrategi", "", "2024-2027")
        ),
    }


@pytest.mark.parametrize("plantype", ["kommunedelplan", "samfunnsdel"])
def test_planprogram_has_every_element_of_pbl_4_1(drafts: dict[str, Draft], plantype: str) -> None:
    draft = drafts[plantype]
    by_n = {c.n: c for c in draft.citations}
    sections = {s.key: s for s in draft.sections}
    for element, (key, paragraph) in ELEMENTS_41.items():
        assert key in sections, f"{plantype}: no section for «{element}»"
        markdown = sections[key].markdown
        assert DECIDE in markdown, f"{plantype}/{key}: what the municipality must decide"
        if paragraph:
            cited = [by_n[int(n)].section or "" for _, n in LAW_LINE.findall(markdown)]
            assert any(s.startswith(paragraph + ".") for s in cited), f"{plantype}/{key}"
    assert "frist: minst seks" in sections["framdrift"].markdown


def test_sections_quote_only_their_own_paragraphs(drafts: dict[str, Draft]) -> None:
    for plantype, draft in drafts.items():
        plan = catalog.plan_type(plantype)
        for section in draft.sections:
            pinned = catalog.section_sources(section.key).pinned(plan.key)
            short = {"pbl": "pbl", "folkehelseloven": "fhl", "kommuneloven": "koml"}
            allowed = {
                f"{short.get(r.split()[0], r.split()[0])} {r.split(' ', 1)[1]}" for r in pinned
            }
            allowed |= set(pinned)
            for label, _ in LAW_LINE.findall(section.markdown):
                assert label in allowed, f"{plantype}/{section.key}: {label}"


def test_planstrategi_is_not_a_planprogram(drafts: dict[str, Draft]) -> None:
    draft = drafts["planstrategi"]
    assert draft.kind == "planstrategi"
    assert draft.title == "Kommunal planstrategi for Eksempelvik kommune 2024–2027"
    body = "\n".join(s.markdown for s in draft.sections)
    assert "§ 10-1" in {c.section.split(".")[0] for c in draft.citations if c.section}
    assert "minst 30 dager" in body and "planbehov" in body.lower()


def test_samfunnsdel_is_not_drafted_as_a_theme_plan(drafts: dict[str, Draft]) -> None:
    draft = drafts["samfunnsdel"]
    assert draft.title == "Planprogram – Kommuneplanens samfunnsdel, Eksempelvik kommune, 2026–2036"
    own = re.sub(r"«.*?» \[\d+\]", "", "\n".join(s.markdown for s in draft.sections))
    assert "helse og omsorg" not in own
    assert "kommuneplanens samfunnsdel" in own


class TestQuality:
    @pytest.mark.parametrize(
        "text",
        [
            "Utfordringar:",
            "Oxford Research, undervegsnotat, s.",
            "Formålet med planen er å få et samlet overordnet styringsverktøy for helse-",
            "Del 2: Hvilke faktorer må det tas hensyn til for å lykkes med implementering?",
            "Awvklare funksjoner, roller og ansvar på tvers av tjenester * Tydeliggjøre rollen "
            "til korttids- og rehabiliteringsplassene som en del av forlgpet. ® Vurdere.",
            "Kjennetegn ved prosessen/ implementeringsplanen Klar oppgavedeling Forbedringsteam "
            "med høy legitimitet God administrativ støtte Felles beslutningstaking.",
            "Tverrpolitisk arbeidsverkstad med deltaking frå råda - Viktig med nok tid til å "
            "sette seg inn i kunnskap.",
            "«Fylkeskommunen kan og bør utgjøre et lag rundt distriktskommuner i fylket» - "
            "Fylkeskommunes oppdragsbrev 2026 (s.",
        ],
    )
    def test_debris_and_fragments_are_not_quoted(self, text: str) -> None:
        assert not finished(text)

    def test_a_statement_is_quoted(self) -> None:
        assert finished(
            "Planprogrammet skal gjøre rede for formålet med planarbeidet, planprosessen "
            "med frister og deltakere, opplegget for medvirkning og behovet for utredninger."
        )
        assert unquotable("STRATEGISK UTDYPING DELMÅL OG TILTAK")

    def test_a_municipality_s_own_budget_is_not_guidance(self) -> None:
        own = (
            "Oppfølging av bustadsosial temaplan. Bustadsosialt arbeid er eit viktig "
            "satsingsområde i økonomiplanperioden. I økonomiplanperioden vil vi ha eit "
            "tydeleg fokus på bruk av bustadsosiale verkemidlar."
        )
        assert own_budget(own, set())
        assert own_budget("Tiltak følges opp gjennom Moss kommunes økonomiplan.", {"Moss"})
        assert not own_budget(
            "Økonomiplanen skal vise hvordan langsiktige utfordringer, mål og strategier i "
            "kommunale og regionale planer skal følges opp.",
            {"Moss"},
        )
