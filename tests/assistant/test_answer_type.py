import pytest

from assistant.answer.answer_type import asked_value, counted, holds_value
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
        ("Hvor stort bør driftsresultatet være, i prosent av inntektene?", "amount"),
        ("What percentage of residents want to live at home?", "amount"),
        ("Kor stor del av innbyggjarane er over 80 år?", "amount"),
        ("Kor stor dagmulkt kan kommunen ilegge?", "amount"),
        ("Hvor stort er det årlige tilskuddet til kommunene?", "amount"),
        ("Hvor stort kan overtredelsesgebyret bli i kroner?", "amount"),
        # how high a fee may be is a limit a rule can set («nødvendige kostnader»)
        ("Finnes det en grense for hvor høyt gebyret kan være?", None),
        ("Hvor stor er kommunen?", None),
        ("Hva er tvangsmulkt?", None),  # what it is, not how much
        ("På hvilken dato skal kommunestyret vedta strategien?", "date"),
        ("Kva dato er valet?", "date"),
        ("Hvor mange medlemmer skal eldrerådet ha?", "count"),
        ("Hva heter kommunalsjefen for velferd?", "person"),
        ("Hvem er leder av kontrollutvalget i Samnanger kommune?", "person"),
        ("Kven skreiv notatet?", "person"),
        ("Who is the mayor of Hole?", "person"),
        ("Who is the project owner of the plan?", None),  # a role answers it
        ("What is the name of the project leader?", "person"),
        # A name that is no person's: a plan's or a list's, stated in words.
        ("Hva heter Moss sin temaplan for aldersvennlig samfunn?", None),
        ("Kva heiter dei fire trinna i innsatstrappa?", None),
        ("What is the name of the plan?", None),
        ("Kor mange innbyggjarar har Samnanger?", "count"),
        ("How many members must the council have?", "count"),
        # Not an amount, a date or a count: a time span, a deadline, a list, an actor, a
        # count of nothing named or of an English word the glossary lacks.
        ("Hvor mye tid har kommunen til å vedta planstrategien?", None),
        ("How much notice must the members get before the meeting?", None),  # a period
        ("When must the council adopt the budget?", None),
        ("Når skal økonomiplanen og budsjettet vedtas?", None),
        ("Hva skal årsbudsjettet inneholde?", None),
        ("Hvem vedtar kommunal planstrategi?", None),
        ("Hvor mange må skrive under på et innbyggerforslag?", None),
        ("How many zorbles are there?", None),
        # "når" opening a clause does not make an amount a time
        ("Hvor mye kan en folkevalgt få i erstatning per dag når hun er i møte?", "amount"),
        ("Hvor mye kan en folkevalgt få i erstatning, og når utbetales det?", None),
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
        ("count", "Kontrollutvalget skal ha minst fem medlemmer.", True),
        ("count", "Utvalget har 5 faste medlemmer og varamedlemmer.", True),
        ("count", "Antall medlemmer: 7", True),
        ("count", "Eldrerådet skal ha medlemmer fra pensjonistorganisasjonene.", False),
        ("count", "Rådet har et flertall av medlemmer over 60 år.", True),  # near enough
        ("person", "Kontaktperson er Kari Nordmann, planavdelingen.", True),
        ("person", "Kommunalsjef Velferd leder prosjektet.", False),  # opens the sentence
        ("person", "Prosjektet ledes av kommunalsjefen for velferd.", False),
    ],
)
def test_holds_value(value_type: str, text: str, held: bool) -> None:
    question = "Hvor mange medlemmer skal eldrerådet ha?"
    assert holds_value(value_type, [text], question) is held  # type: ignore[arg-type]


def test_counted_is_the_search_term_of_the_next_word() -> None:
    assert counted("Hvor mange innbyggere har Hole?") == {"innbygger"}
    assert counted("How many residents does Hole have?") == {"innbygger"}  # the glossary
    assert counted("Hva skal planen inneholde?") == frozenset()


def test_a_count_in_everyday_words_is_also_one_in_the_laws_words() -> None:
    """ "representanter" in the question, "medlemmer" in kommuneloven § 5-5."""
    question = "Hvor mange representanter må kommunestyret minst ha?"
    assert counted(question) == {"representant", "medlemm"}
    assert holds_value("count", ["Kommunestyret skal ha minst 19 medlemmer."], question)


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


def test_a_count_asked_for_and_none_in_the_passages_is_declined() -> None:
    """Near misses ask how many of something the documents name but never count."""
    question = "Hvor mange innbyggere svarte på innbyggerundersøkelsen i 2021?"
    weights = {"innbygg": 1.0, "svart": 1.0, "innbyggerundersøk": 1.0}
    without = [_hit("Innbyggerne svarte på innbyggerundersøkelsen om å bo hjemme lenge.")]
    evidence = gather_evidence(weights, question, without)
    assert evidence.missing_value == "count" and evidence.vetoed

    counting = [_hit("I alt 1 214 innbyggere svarte på innbyggerundersøkelsen.")]
    assert gather_evidence(weights, question, counting).missing_value is None
