import pytest

from assistant.answer.answer_type import asked_value, holds_value
from assistant.answer.grounding import Thresholds, gather_evidence, judge_relevance
from assistant.domain import Chunk, Hit


@pytest.mark.parametrize(
    ("question", "value_type"),
    [
        ("Hva er lønnen til ordføreren i Hole?", "amount"),
        ("Kor mykje kostar ein byggesøknad for ein garasje?", "amount"),
        ("Hvor mye penger har kommunen satt av til velferdsteknologi?", "amount"),
        ("What was the total budget of the programme?", "amount"),
        ("What fee does the municipality charge for a zoning plan?", "amount"),
        ("På hvilken dato skal kommunestyret vedta strategien?", "date"),
        ("Kva dato er valet?", "date"),
        # Not an amount or a date: a time span, a deadline, a list, a count.
        ("Hvor mye tid har kommunen til å vedta planstrategien?", None),
        ("When must the council adopt the budget?", None),
        ("Når skal økonomiplanen og budsjettet vedtas?", None),
        ("Hva skal årsbudsjettet inneholde?", None),
        ("Hvor mange medlemmer skal eldrerådet ha?", None),
        ("Hvem vedtar kommunal planstrategi?", None),
    ],
)
def test_asked_value(question: str, value_type: str | None) -> None:
    assert asked_value(question) == value_type


@pytest.mark.parametrize(
    ("value_type", "text", "held"),
    [
        ("amount", "Tilskuddet er 1,2 mill. kroner per plass.", True),
        ("amount", "Gebyret er kr 15 000.", True),
        ("amount", "Underskuddet var 3 prosent av driftsinntektene.", True),
        ("amount", "Kommunestyret vedtar budsjettet for det kommende året.", False),
        ("date", "Planprogrammet lå ute fra 1. mars til 15. april 2024.", True),
        ("date", "Vedtatt i kommunestyret 12.06.2023.", True),
        ("date", "Sluttbehandling oktober 2025.", True),
        ("date", "Planen vedtas innen ett år etter valget.", False),
    ],
)
def test_holds_value(value_type: str, text: str, held: bool) -> None:
    assert holds_value(value_type, [text]) is held  # type: ignore[arg-type]


def _hit(text: str) -> Hit:
    chunk = Chunk("doc:0000", "doc", "Planprogram", "plan", "nb", text, 0, len(text), "h")
    return Hit(chunk, 0.03, dense_score=0.9)


LAX = Thresholds(min_evidence=0.0, coverage_weight=0.5, max_missing=1.0)


def test_an_amount_asked_for_and_none_in_the_passages_is_declined() -> None:
    question = "Hva er budsjettet for planarbeidet?"
    weights = {"budsjett": 1.0, "planarbeid": 1.0}
    without = [_hit("Budsjettet for planarbeidet vedtas av kommunestyret.")]
    evidence = gather_evidence(weights, question, without)
    assert evidence.missing_value == "amount" and evidence.vetoed
    assert not judge_relevance(evidence, LAX).covered

    with_amount = [_hit("Budsjettet for planarbeidet er 400 000 kroner.")]
    evidence = gather_evidence(weights, question, with_amount)
    assert evidence.missing_value is None
    assert judge_relevance(evidence, LAX).covered
