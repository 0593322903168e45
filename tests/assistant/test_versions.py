"""The one wording of a citation's version, in nb, nn and en, and the official link."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.domain import Citation, SourceVersion
from assistant.versions import act_name, format_date, official_url, paragraph, version_label

PBL = SourceVersion(
    name="pbl", ref="lov/2008-06-27-71", in_force="2009-07-01", last_change="2026-07-01"
)


def cite(version: SourceVersion | None, section: str | None = "§ 11-13. Planprogram") -> Citation:
    return Citation(1, "pbl", "Plan- og bygningsloven", section, None, "…", 0.5, "pbl:1", version)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "pbl § 11-13, gjeldende fra 1. juli 2025 (lovtekst per 1. juli 2026)"),
        ("nn", "pbl § 11-13, gjeldande frå 1. juli 2025 (lovtekst per 1. juli 2026)"),
        ("en", "pbl § 11-13, in force from 1 July 2025 (law text as of 1 July 2026)"),
    ],
)
def test_an_amended_paragraph_is_in_force_from_its_amendment(language: str, expected: str) -> None:
    version = replace(PBL, amended_by="lov/2025-06-20-93", amended_in_force="2025-07-01")
    assert version_label(cite(version), language) == expected


def test_an_amendment_without_a_date_names_the_act() -> None:
    version = replace(PBL, amended_by="lov/2024-06-21-52")
    assert version_label(cite(version), "nb") == (
        "pbl § 11-13, sist endret ved lov 21. juni 2024 nr. 52 (lovtekst per 1. juli 2026)"
    )
    assert act_name("lov/2024-06-21-52", "en") == "Act of 21 June 2024 No. 52"


def test_a_paragraph_never_amended_is_in_force_since_the_law() -> None:
    assert version_label(cite(PBL), "nb") == (
        "pbl § 11-13, gjeldende fra 1. juli 2009 (lovtekst per 1. juli 2026)"
    )


def test_a_superseded_source_always_says_so() -> None:
    version = replace(PBL, superseded_by="lov/2030-01-01-1", amended_in_force="2025-07-01")
    assert version_label(cite(version), "nb") == (
        "pbl § 11-13 – erstattet av lov/2030-01-01-1, ikke gjeldende"
    )
    guidance = SourceVersion(name="veileder-2014", superseded_by="veileder-2024")
    assert version_label(cite(guidance, section="2.1 Mål"), "en") == (
        "veileder-2014 – superseded by veileder-2024, no longer in force"
    )


def test_no_version_no_label_and_no_link() -> None:
    assert version_label(cite(None), "nb") is None
    assert official_url(cite(None)) is None


def test_the_link_goes_to_the_paragraph_on_lovdata() -> None:
    assert official_url(cite(PBL)) == "https://lovdata.no/lov/2008-06-27-71/§11-13"
    assert (
        official_url(cite(PBL, "§ 11-8 a. Ting")) == "https://lovdata.no/lov/2008-06-27-71/§11-8a"
    )
    assert official_url(cite(PBL, None)) == "https://lovdata.no/lov/2008-06-27-71"


def test_helpers() -> None:
    assert paragraph("§ 10-1. Kommunal planstrategi") == "§ 10-1"
    assert paragraph("2.1 Mål") is None
    assert format_date("2026-01-01", "nn") == "1. januar 2026"
    assert format_date("i morgon", "nb") == "i morgon"
