"""Drafts for the check-my-draft tests: a complete planprogram (every checklist item in
it), the same with parts removed, and a planstrategi; written as DOCX or PDF."""

from __future__ import annotations

import io

import docx

from tests.helpers import pdf_bytes

COMPLETE_PLANPROGRAM: dict[str, list[str]] = {
    "1 Formål med planarbeidet": [
        "Formålet med planarbeidet er en ny kommunedelplan for helse og omsorg.",
    ],
    "2 Organisering og deltakere": [
        "Kommunestyret er styringsgruppe. Prosjektgruppen ledes av en prosjektleder hos "
        "kommunedirektøren, og deltakere fra alle tjenesteområder er med.",
    ],
    "3 Framdrift": [
        "Framdriftsplan: varsel om oppstart i januar 2026, høring av planprogrammet i seks "
        "uker med offentlig ettersyn, og planprogrammet fastsettes av kommunestyret i juni 2026.",
    ],
    "4 Medvirkning": [
        "Medvirkning skjer gjennom folkemøter, en digital spørreundersøkelse og "
        "verksteder for politikere (politiske verksteder).",
        "Barn og unge og grupper som er særlig berørt får egne møter.",
        "Eldrerådet, ungdomsrådet og rådet for personer med funksjonsnedsettelse blir hørt.",
    ],
    "5 Alternativer": ["To alternativer vurderes: dagens tjenestemodell og en ny modell."],
    "6 Utredningsbehov": [
        "Det er behov for utredning av demografi og kapasitet; kunnskapsgrunnlaget oppdateres.",
    ],
    "7 Oppfølging": ["Planen følges opp i handlingsdelen og økonomiplanen, som rulleres årlig."],
}
PLANSTRATEGI: dict[str, list[str]] = {
    "1 Kommunal planstrategi": [
        "Denne planstrategien drøfter kommunens strategiske valg for samfunnsutviklingen: "
        "befolkningsutvikling og næringsliv.",
    ],
}


def without(draft: dict[str, list[str]], *headings: str) -> dict[str, list[str]]:
    """``draft`` with the parts under these headings left out."""
    return {heading: text for heading, text in draft.items() if heading not in headings}


def docx_bytes(draft: dict[str, list[str]], title: str = "Planprogram") -> bytes:
    document = docx.Document()
    document.add_heading(title, 0)
    for heading, paragraphs in draft.items():
        document.add_heading(heading, 1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def draft_pdf(draft: dict[str, list[str]], title: str) -> bytes:
    """One page per part; long paragraphs are wrapped so that the page holds them."""
    pages = []
    for heading, paragraphs in draft.items():
        words = " ".join(paragraphs).split()
        lines, line = [title, heading], ""
        for word in words:
            if len(line) + len(word) > 80:
                lines.append(line)
                line = ""
            line = f"{line} {word}".strip()
        pages.append("\n".join([*lines, line]))
    return pdf_bytes(pages)
