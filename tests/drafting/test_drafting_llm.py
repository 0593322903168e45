"""One planprogram section drafted end to end with the local GGUF (as tests/test_real_llm.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from assistant.drafting import catalog, validation
from assistant.drafting.planprogram import PlanprogramDrafter
from assistant.drafting.service import Drafting
from assistant.service import Assistant
from tests.helpers import local_llm_assistant

pytestmark = [pytest.mark.llm, pytest.mark.slow]


@pytest.fixture(scope="module")
def llm_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    with local_llm_assistant(tmp_path_factory.mktemp("draft-llm")) as ready:
        yield ready


def test_medvirkning_section_is_written_and_verified(llm_assistant: Assistant) -> None:
    inputs = validation.planprogram(
        "Eksempelvik", "kommunedelplan", "helse og omsorg", "2026-2036", sections=["medvirkning"]
    )
    draft = Drafting(llm_assistant).planprogram(inputs)
    assert draft.mode == "llm"
    (section,) = draft.sections
    facts = PlanprogramDrafter(llm_assistant, inputs).values
    template_opening = catalog.template(
        "medvirkning", "nb", facts, kilder="", ta_stilling=""
    ).split("\n\n")[0]
    opening = section.markdown.split("\n\n")[0]
    numbers = {c.n for c in draft.citations}
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", section.markdown)}
    assert cited and cited <= numbers
    if section.notice is None or "tatt bort" in section.notice:  # the model's prose survived
        assert opening != template_opening and re.search(r"\[\d+\]", opening), opening
    else:  # nothing grounded survived: the template draft, said so
        assert opening == template_opening
    assert "Hole" not in opening  # the draft's own words; quotes keep and attribute names
