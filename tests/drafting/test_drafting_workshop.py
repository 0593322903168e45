"""Workshop material: agenda adding up, cited talks, exercise with minutes, reading list."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from assistant.drafting import validation
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
    assert "innsatstrappa" in sections["innsatstrappa"].title.lower()
    assert re.search(r"«.+» \[\d+\]", sections["tema"].markdown)
    exercise = sections["gruppearbeid"].markdown
    tasks = re.findall(r"\*\*Oppgave \d \((\d+) min\):\*\*", exercise)
    assert len(tasks) == 2 and sum(map(int, tasks)) <= int(re.search(r"\((\d+) min\)", exercise)[1])
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
