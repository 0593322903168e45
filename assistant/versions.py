"""Which version of a source a citation quotes, said the same way everywhere.

A § of a law is only useful with its currency: "pbl § 11-13, gjeldende fra 1. juli 2025
(lovtekst per 1. juli 2026)". ``version_label`` is the one place that wording is made;
chat, the API, drafts, the CLI and every export show its result, and ``official_url``
links the official text on Lovdata. A superseded source always says so.
"""

from __future__ import annotations

import re

from assistant.domain import Citation, SourceVersion
from assistant.prompts import message

LOVDATA = "https://lovdata.no/"
_ACT_REF = re.compile(r"^(?:lov|forskrift)/(\d{4})-(\d{2})-(\d{2})-(\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def paragraph(section: str | None) -> str | None:
    """The § a section heading names: "§ 11-13. Utarbeiding av planprogram" → "§ 11-13"."""
    if not section or not section.startswith("§"):
        return None
    return section.split(". ", 1)[0].rstrip(".")


def format_date(iso: str, language: str) -> str:
    """ "2025-07-01" → "1. juli 2025" (nb, nn) or "1 July 2025" (en); other text as it is."""
    match = _ISO_DATE.match(iso)
    if not match:
        return iso
    year, month, day = (int(part) for part in match.groups())
    months = message("months", language).split()
    if not 1 <= month <= len(months):
        return iso
    return message("date", language, day=str(day), month=months[month - 1], year=str(year))


def act_name(ref: str, language: str) -> str:
    """ "lov/2024-06-21-52" → "lov 21. juni 2024 nr. 52" (other refs as they are)."""
    match = _ACT_REF.match(ref)
    if not match:
        return ref
    year, month, day, number = match.groups()
    date = format_date(f"{year}-{month}-{day}", language)
    return message("act", language, date=date, number=number)


def _cite(version: SourceVersion, section: str | None) -> str:
    """How the citation names the passage: "pbl § 11-13", or the document alone."""
    return " ".join(part for part in (version.name, paragraph(section)) if part)


def version_label(citation: Citation, language: str) -> str | None:
    """The citation's currency in ``language``; None when there is nothing to say.

    A § amended with a known date: "pbl § 11-13, gjeldende fra 1. juli 2025"; amended
    without one: "…, sist endret ved lov 21. juni 2024 nr. 52"; never amended: in force
    since the law. The law's last change in force follows in brackets; a superseded
    source says by what instead.
    """
    version = citation.version
    if version is None:
        return None
    cite = _cite(version, citation.section)
    if version.superseded_by:
        return message("version_superseded", language, cite=cite, by=version.superseded_by)
    since = version.amended_in_force or (None if version.amended_by else version.in_force)
    if since:
        label = message("version_since", language, cite=cite, date=format_date(since, language))
    elif version.amended_by:
        act = act_name(version.amended_by, language)
        label = message("version_amended_by", language, cite=cite, act=act)
    else:
        label = cite
    if version.last_change and version.last_change != since:
        as_of = message("version_as_of", language, date=format_date(version.last_change, language))
        label += f" ({as_of})"
    return label


def official_url(citation: Citation) -> str | None:
    """The official text on Lovdata, at the § when there is one (None without a ref).

    The § stays a readable "§" (as Lovdata writes its own links), not "%C2%A7".
    """
    version = citation.version
    if version is None or not version.ref:
        return None
    path = version.ref
    number = paragraph(citation.section)
    if number:
        path += "/§" + number.lstrip("§").replace(" ", "")
    return LOVDATA + path
