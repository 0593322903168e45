"""Check and normalise what the planner or adviser asked for; mistakes become a clear 422."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.drafting import catalog
from assistant.drafting.models import PlanprogramInputs, WorkshopInputs
from assistant.errors import InvalidRequest

PERIOD = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")
CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
AUDIENCES = ("kommunestyre", "formannskap", "administrasjon")
MIN_HOURS, MAX_HOURS = 0.5, 8.0
MAX_FIELD = 200


def _language(language: str) -> str:
    if language not in catalog.LANGUAGES:
        raise InvalidRequest(f"unknown language '{language}'; use one of: nb, nn")
    return language


def _required(name: str, value: str, example: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise InvalidRequest(f"{name} is empty; give it, e.g. '{example}'")
    if len(value) > MAX_FIELD:
        raise InvalidRequest(f"{name} is {len(value)} characters long; the limit is {MAX_FIELD}")
    return value


def kommune_name(kommune: str) -> str:
    """'Eksempelvik kommune' and 'Eksempelvik' both give 'Eksempelvik'."""
    name = _required("kommune (the municipality)", kommune, "Eksempelvik")
    return re.sub(r"\s+(kommune|kommunes)$", "", name, flags=re.IGNORECASE) or name


def period(value: str) -> str:
    match = PERIOD.match(value)
    if not match or int(match[1]) >= int(match[2]):
        raise InvalidRequest(f"periode '{value}' is not a period like '2026–2036' or '2026-2036'")
    return f"{match[1]}–{match[2]}"


def planprogram(
    kommune: str,
    plantype: str,
    tema: str,
    periode: str,
    language: str = "nb",
    sections: Sequence[str] = (),
    doc_ids: Sequence[str] = (),
    mode: str | None = None,
) -> PlanprogramInputs:
    """A plan type's document: a theme plan needs its tema; a samfunnsdel, arealdel or
    planstrategi covers the whole municipality, so a tema is optional there."""
    plan = catalog.plan_type(plantype)
    for key in sections:
        catalog.section(key, plan)
    if mode not in (None, "template", "llm"):
        raise InvalidRequest(f"unknown drafting mode '{mode}'; use 'template' or 'llm'")
    if plan.theme or tema.strip():
        tema = _required("tema (the topic)", tema, "helse og omsorg")
    return PlanprogramInputs(
        kommune=kommune_name(kommune),
        plantype=plan.key,
        tema=tema.strip(),
        periode=period(periode),
        language=_language(language),
        sections=tuple(dict.fromkeys(sections)),
        doc_ids=tuple(dict.fromkeys(doc_ids)),
        mode=mode,
    )


def workshop(
    audience: str, tema: str, hours: float, language: str = "nb", start: str = "09:00"
) -> WorkshopInputs:
    if audience not in AUDIENCES:
        raise InvalidRequest(f"unknown audience '{audience}'; known: {', '.join(AUDIENCES)}")
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise InvalidRequest(
            f"duration {hours:g} hours is outside {MIN_HOURS:g}–{MAX_HOURS:g} hours"
        )
    if not CLOCK.match(start):
        raise InvalidRequest(f"start '{start}' is not a time like '09:00'")
    return WorkshopInputs(
        audience=audience,
        tema=_required("tema (the topic)", tema, "kommunal planstrategi"),
        hours=hours,
        language=_language(language),
        start=start,
    )
