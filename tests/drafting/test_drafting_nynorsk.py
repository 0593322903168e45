"""Nynorsk throughout: every fixed text has a nynorsk version, and no bokmål slips in.

A nynorsk draft may quote bokmål sources word for word inside «»; everything else (the
templates, fixed texts, titles, step names and deadlines) must be nynorsk. The check is
a list of common words that exist only in bokmål ("ikke", "uker", "senest", "innen").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from assistant.drafting import catalog, validation
from assistant.drafting.catalog import DRAFTING_DIR
from assistant.drafting.models import Draft
from assistant.drafting.service import Drafting
from assistant.service import Assistant

BOKMAL_ONLY = """
ikke hva hvem hvilke hvilket hvilken hvordan hvorfor hvis fra uker dager senest innen
velkommen noen mye skriver tjeneste tjenester tjenestene veiledning veiledningen veileder
utredning utredninger utredningsbehov ansatte bolig boliger hensyn gjøre gjør være selv
egen eget egne planer oppgaver hver hvert ett en et jeg ble høring offentlig tydelig
innbyggere deltakere sammen kunngjøring fastsetting bygger følger legger utfordringer
føringer forventninger vurderes følges mulige mulig kilder kildene loven anbefaler krever
beslutninger medvirkning punkter åpne hovedmålet
""".split()
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
QUOTED = re.compile(r"«.*?» \[\d+\]", re.DOTALL)
"""A quotation with its citation: the source's own words, left as they are."""
PLACEHOLDER = re.compile(r"\{\w+\}")


def bokmal_words(text: str) -> list[str]:
    """Bokmål-only words in ``text`` outside quotations and {placeholders}."""
    own = PLACEHOLDER.sub(" ", QUOTED.sub(" ", text))
    return sorted({w for w in WORD.findall(own) if w.lower() in BOKMAL_ONLY})


def nynorsk_values(data: Any) -> Iterator[str]:
    """Every ``nn`` text in a YAML tree."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "nn":
                yield from (value if isinstance(value, list) else [value])
            else:
                yield from nynorsk_values(value)
    elif isinstance(data, list):
        for item in data:
            yield from nynorsk_values(item)


def test_the_check_finds_bokmal() -> None:
    assert bokmal_words("Fristen er minst seks uker, senest innen ett år.") == [
        "ett",
        "innen",
        "senest",
        "uker",
    ]
    assert bokmal_words("pbl § 11-13: «Fristen skal være minst seks uker.» [3]") == []
    assert bokmal_words("Velkomen. Fristen er minst seks veker, seinast innan eitt år.") == []


@pytest.mark.parametrize("name", sorted(p.name for p in DRAFTING_DIR.glob("*.yaml")))
def test_fixed_texts_have_real_nynorsk(name: str) -> None:
    data = yaml.safe_load((DRAFTING_DIR / name).read_text(encoding="utf-8"))
    for text in nynorsk_values(data):
        assert not bokmal_words(str(text)), f"{name}: bokmål in nynorsk: {text}"


def test_every_fixed_text_and_template_has_nynorsk() -> None:
    texts = yaml.safe_load((DRAFTING_DIR / "texts.yaml").read_text(encoding="utf-8"))
    assert [key for key, entry in texts.items() if "nn" not in entry] == []
    for spec in catalog.sections():
        assert {"nb", "nn"} <= spec.titles.keys() and {"nb", "nn"} <= spec.decide.keys()
    for template in DRAFTING_DIR.glob("*.md"):
        if not template.name.endswith(".nn.md") and template.stem != "section_llm":
            nynorsk = template.with_name(f"{template.stem}.nn.md")
            assert nynorsk.exists(), f"{template.name} has no nynorsk version"
            assert not bokmal_words(nynorsk.read_text(encoding="utf-8")), nynorsk.name
            placeholders = set(PLACEHOLDER.findall(template.read_text(encoding="utf-8")))
            assert set(PLACEHOLDER.findall(nynorsk.read_text(encoding="utf-8"))) == placeholders


@pytest.fixture(scope="module")
def nynorsk_drafts(assistant: Assistant) -> list[Draft]:
    drafting = Drafting(assistant)
    plan = {"kommune": "Eksempelvik", "tema": "helse og omsorg", "periode": "2026-2036"}
    return [
        drafting.planprogram(validation.planprogram(plantype=key, language="nn", **plan))
        for key in catalog.plan_types()
    ]


def test_nynorsk_drafts_have_no_bokmal_outside_quotes(nynorsk_drafts: list[Draft]) -> None:
    for draft in nynorsk_drafts:
        assert not bokmal_words(draft.title), draft.title
        for section in draft.sections:
            text = f"{section.title}\n{section.markdown}\n{section.notice or ''}"
            assert not bokmal_words(text), f"{draft.inputs['plantype']}/{section.key}"
    framdrift = next(s for s in nynorsk_drafts[1].sections if s.key == "framdrift")
    assert "frist: minst seks veker" in framdrift.markdown
    vedtak = next(s for s in nynorsk_drafts[0].sections if s.key == "vedtak")
    assert "seinast innan eitt år etter konstituering" in vedtak.markdown
