"""Workshop material: agenda adding up, cited talks, exercise with minutes, reading list."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from assistant.drafting import validation
from assistant.drafting.passages import is_clean
from assistant.drafting.service import Drafting
from assistant.drafting.workshop import allocate
from assistant.errors import InvalidRequest
from assistant.service import Assistant

SLOT = re.compile(r"^- (\d\d:\d\d)–(\d\d:\d\d) .* \((\d+) min\)$")


@pytest.mark.parametrize("hours", [0.5, 1.25, 3, 8])
def test_allocate_sums_exactly(hours: float) -> None:
    total = round(hours * 60)
    minutes = allocate([0.05, 0.15, 0.12, 0.32, 0.18, 0.07], total)
    assert sum(minutes) == total and min(minutes) > 0


def test_three_hour_workshop_for_kommunestyre(assistant: Assistant) -> None:
    inputs = validation.workshop("kommunestyre", "kommunal planstrategi", 3)
    draft = Drafting(assistant).workshop(inputs)
    sections = {s.key: s for s in draft.sections}
    assert draft.sections[0].key == "program"
    slots = [SLOT.match(line) for line in sections["program"].markdown.splitlines()]
    assert all(slots)
    assert sum(int(m[3]) for m in slots) == 180
    start, end = datetime.strptime(slots[0][1], "%H:%M"), datetime.strptime(slots[-1][2], "%H:%M")
    assert (end - start).seconds == 3 * 3600
    assert "Pause" in sections["program"].markdown
    assert sections["praksis"].title == "Innledning: kommunal planstrategi i praksis"
    assert re.search(r"«.+» \[\d+\]", sections["tema"].markdown)
    exercise = sections["gruppearbeid"].markdown
    assert "Lillevik" in exercise and "kommunestyret" in exercise
    assert sections["diskusjon"].markdown.count("?") >= 3
    reading = sections["leseliste"].markdown
    assert all(c.title in reading for c in draft.citations)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ordførar", "plan", 3), "unknown audience 'ordførar'; known: kommunestyre"),
        (("kommunestyre", "plan", 24), "outside 0.5–8 hours"),
        (("kommunestyre", "plan", 0.1), "outside 0.5–8 hours"),
        (("kommunestyre", "", 3), "tema .* is empty"),
    ],
)
def test_bad_workshop_inputs(args: tuple, message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        validation.workshop(*args)


def _quoted_chunks(draft, keys: tuple[str, ...]) -> set[str]:
    """The chunks the talks in ``keys`` quote."""
    numbers = {
        int(n)
        for s in draft.sections
        if s.key in keys
        for n in re.findall(r"\[(\d+)\]", s.markdown)
    }
    return {c.chunk_id for c in draft.citations if c.n in numbers}


def test_talks_follow_the_theme(assistant: Assistant) -> None:
    """Two themes, two sets of sources; every key point a clean quote about its theme."""
    drafting = Drafting(assistant)
    strategi = drafting.workshop(validation.workshop("kommunestyre", "kommunal planstrategi", 3))
    medvirkning = drafting.workshop(validation.workshop("formannskap", "medvirkning", 3))
    talks = ("tema", "praksis")
    planstrategi_sources = _quoted_chunks(strategi, talks)
    medvirkning_sources = _quoted_chunks(medvirkning, talks)
    assert planstrategi_sources and medvirkning_sources
    assert planstrategi_sources != medvirkning_sources
    for draft, word in ((strategi, "planstrategi"), (medvirkning, "medvirkning")):
        talk_text = "\n".join(s.markdown for s in draft.sections if s.key in talks)
        quotes = re.findall(r"«(.+?)» \[\d+\]$", talk_text, re.MULTILINE)
        assert quotes and all(is_clean(quote) for quote in quotes)
        assert all(word in quote.lower() for quote in quotes)


@pytest.mark.parametrize(("hours", "language"), [(0.5, "nb"), (1.5, "nn"), (3, "nb"), (8, "nn")])
def test_exercise_steps_fill_their_slot(assistant: Assistant, hours: float, language: str) -> None:
    draft = Drafting(assistant).workshop(
        validation.workshop("kommunestyre", "helse og omsorg", hours, language)
    )
    sections = {s.key: s for s in draft.sections}
    slot = next(
        m
        for m in map(SLOT.match, sections["program"].markdown.splitlines())
        if "Gruppearbeid" in m[0]
    )
    exercise = sections["gruppearbeid"].markdown
    steps = [int(m) for m in re.findall(r"^\*\*[^*]+ \((\d+) min\):\*\*", exercise, re.M)]
    assert len(steps) == 4 and min(steps) > 0
    assert sum(steps) == int(slot[3]) == int(re.search(r"\((\d+) min\)", exercise)[1])
