import pytest

from assistant.answer.rewrite import is_follow_up, standalone_question, topic_of

# (previous question, follow-up, words the standalone question must contain): six each
# in bokmål, nynorsk and English
FOLLOW_UPS = [
    ("Hvem vedtar planstrategien?", "og når må den være vedtatt?", "planstrategien"),
    ("Hva er en kommunal planstrategi?", "og hvem vedtar den?", "planstrategi"),
    ("Hvem vedtar planstrategien?", "Hva med kommuneplanen?", "vedtar kommuneplanen"),
    ("Hvem fastsetter planprogrammet?", "Hva er fristen?", "fristen for planprogrammet"),
    ("Hva skal et planprogram inneholde?", "Men hvem vedtar det?", "vedtar planprogram"),
    ("Når må planprogrammet sendes på høring?", "Også for reguleringsplaner?", "regulerings"),
    ("Kven vedtek planstrategien?", "og når må han vere vedteken?", "planstrategien vere"),
    ("Kva er ein kommunal planstrategi?", "Kven vedtek han?", "vedtek kommunal planstrategi"),
    ("Kven vedtek planstrategien?", "Kva med kommuneplanen?", "vedtek kommuneplanen"),
    ("Kven fastset planprogrammet?", "Kva er fristen?", "fristen for planprogrammet"),
    ("Kven vedtek kommuneplanen?", "Enn planstrategien?", "vedtek planstrategien"),
    ("Kva er planprogrammet?", "Og når skal det sendast på høyring?", "planprogrammet sendast"),
    ("Who adopts the municipal planning strategy?", "When must it be adopted?", "the municipal"),
    ("What is a municipal planning strategy?", "Who adopts it?", "the municipal planning"),
    ("Who adopts the planning strategy?", "What about the deadline?", "for the planning strategy"),
    ("Who adopts the municipal master plan?", "And what about the zoning plan?", "adopts the zon"),
    ("Who sets the planning programme?", "What is the deadline?", "for the planning programme"),
    ("What must a planning programme contain?", "And who approves it?", "the planning programme"),
]

# (previous question, a question with its own topic): six each in nb, nn, en
SELF_CONTAINED = [
    ("Hvem fastsetter planprogrammet?", "Hva er kommuneplanens samfunnsdel?"),
    ("Hva er en kommunal planstrategi?", "Hva skal en planbeskrivelse inneholde etter pbl?"),
    ("Hvem vedtar planstrategien?", "Hva er et planprogram?"),
    ("Hvem vedtar planstrategien?", "Når skal planforslaget legges ut til offentlig ettersyn?"),
    ("Hva er en planstrategi?", "Hva sier § 11-13?"),
    ("Hva er en planstrategi?", "Og hvem vedtar kommuneplanens arealdel?"),
    ("Kven vedtek planstrategien?", "Kva er innsatstrappa?"),
    ("Kven vedtek planstrategien?", "Kva seier lova om medverknad?"),
    ("Kva er eit planprogram?", "Korleis kan politikarar påverke kommuneplanen?"),
    ("Kven vedtek planstrategien?", "Kva skal kommuneplanens arealdel innehalde?"),
    ("Kva er eit planprogram?", "Kven vann Eurovision i 2024?"),
    ("Kva er eit planprogram?", "Kor lenge skal høyringa av planprogrammet vare?"),
    ("Who adopts the municipal planning strategy?", "What must a planning programme contain?"),
    ("What is a planning programme?", "Who won Eurovision in 2024?"),
    ("What is a planning programme?", "How can politicians influence the master plan?"),
    ("Who adopts the planning strategy?", "What is the purpose of the Planning and Building Act?"),
    ("What is a planning programme?", "When must the zoning plan be sent for consultation?"),
    ("Who adopts the municipal planning strategy?", "Which municipalities have a welfare plan?"),
]


@pytest.mark.parametrize(("previous", "question", "expected"), FOLLOW_UPS)
def test_follow_ups_carry_the_previous_topic(previous: str, question: str, expected: str) -> None:
    assert is_follow_up(question)
    rewritten = standalone_question(question, [previous])
    assert expected.lower() in rewritten.lower()
    assert ":" not in rewritten and previous not in rewritten  # no glued questions
    assert rewritten[0].isupper() and rewritten.endswith("?")


@pytest.mark.parametrize(("previous", "question"), SELF_CONTAINED)
def test_self_contained_questions_are_asked_as_they_are(previous: str, question: str) -> None:
    assert not is_follow_up(question)
    assert standalone_question(question, ["Hvem vedtar planstrategien?", previous]) == question


def test_regression_new_topic_after_a_planprogram_question() -> None:
    question = "Hva er kommuneplanens samfunnsdel?"
    assert standalone_question(question, ["Hvem fastsetter planprogrammet?"]) == question


def test_regression_out_of_scope_question_after_a_follow_up() -> None:
    previous = ["Hvem vedtar planstrategien?", "og når må den være vedtatt?"]
    assert standalone_question("Hvem vant Eurovision i 2024?", previous) == (
        "Hvem vant Eurovision i 2024?"
    )


def test_pronoun_is_replaced_by_the_previous_topic() -> None:
    rewritten = standalone_question("og når må den være vedtatt?", ["Hvem vedtar planstrategien?"])
    assert rewritten == "Når må planstrategien være vedtatt?"


def test_topic_comes_from_the_last_question_that_has_one() -> None:
    previous = ["Hvem vedtar planstrategien?", "og når må den være vedtatt?"]
    assert standalone_question("Hva med fristen?", previous) == (
        "Hva med fristen for planstrategien?"
    )


def test_topic_of_a_question() -> None:
    topic = topic_of("Hva skal en kommunal planstrategi inneholde?")
    assert topic is not None and topic.phrase == "en kommunal planstrategi"
    topic = topic_of("Hva er fristen for høring av planprogrammet?")
    assert topic is not None and topic.phrase == "fristen for høring av planprogrammet"
    assert topic.core == "planprogrammet"
    assert topic_of("og hvem vedtar den?") is None


def test_first_question_is_unchanged() -> None:
    assert standalone_question("og hvem vedtar den?", []) == "og hvem vedtar den?"


def test_follow_up_without_a_topic_anywhere_is_unchanged() -> None:
    assert standalone_question("og hvem vedtar den?", ["Hva med den?"]) == "og hvem vedtar den?"


class ScriptedModel:
    """Answers the rewrite prompt with a fixed reply and keeps the prompts it saw."""

    def __init__(self, reply: str) -> None:
        self.reply, self.prompts = reply, []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return self.reply


def test_llm_rewrite_uses_the_prompt_and_first_line() -> None:
    model = ScriptedModel("«Hvem vedtar kommunal planstrategi?»\nForklaring: …")
    rewritten = standalone_question("og hvem vedtar den?", ["Hva er en planstrategi?"], model)
    assert rewritten == "Hvem vedtar kommunal planstrategi?"
    assert "- Hva er en planstrategi?" in model.prompts[0]
    assert "og hvem vedtar den?" in model.prompts[0]


def test_llm_is_not_asked_about_a_self_contained_question() -> None:
    model = ScriptedModel("Hvem fastsetter planprogrammet: Hva er kommuneplanens samfunnsdel?")
    question = "Hva er kommuneplanens samfunnsdel?"
    assert standalone_question(question, ["Hvem fastsetter planprogrammet?"], model) == question
    assert model.prompts == []


@pytest.mark.parametrize(
    "reply",
    [
        "Hvem vedtar planstrategien?",  # the previous question again: "når … vedtatt" is lost
        "Kommunestyret vedtar planstrategien innen ett år etter konstituering.",  # an answer
        "Hvem vedtar planstrategien, og når må den kommunale planstrategien være vedtatt av "
        "kommunestyret etter plan- og bygningsloven § 10-1 og forskriftene?",  # runs on
        "og når må den være vedtatt?",  # unchanged: no topic added
        "",
    ],
)
def test_bad_llm_rewrites_fall_back_to_the_rule(reply: str) -> None:
    rewritten = standalone_question(
        "og når må den være vedtatt?", ["Hvem vedtar planstrategien?"], ScriptedModel(reply)
    )
    assert rewritten == "Når må planstrategien være vedtatt?"


# Issue 11 audit: an aspect may be a compound ("høringsfristen"); (previous, follow-up,
# words the standalone question must contain), in nb, nn and en
COMPOUND_ASPECT_FOLLOW_UPS = [
    (
        "Hva skal planprogrammet for kommuneplanen inneholde?",
        "og hvor lang er høringsfristen?",
        "høringsfristen for planprogrammet for kommuneplanen",
    ),
    ("Hvem vedtar reguleringsplanen?", "Hva er klagefristen?", "klagefristen for regulering"),
    ("Hvem fastsetter planprogrammet?", "Hvor lang er høringsperioden?", "for planprogrammet"),
    ("Kva skal planprogrammet innehalde?", "og kor lang er høyringsfristen?", "for planprog"),
    ("Kven vedtek kommuneplanen?", "Korleis er planprosessen?", "planprosessen for kommunepl"),
    ("Who sets the planning programme?", "How long is the consultation period?", "for the plan"),
]

# (previous, a question that names its own topic beside a compound aspect, or whose
# compound names a concept of its own: "en klagefrist", "arealformål")
COMPOUND_ASPECT_SELF_CONTAINED = [
    ("Hvem vedtar planstrategien?", "Hva er høringsfristen for planprogram?"),
    ("Hvem vedtar planstrategien?", "Hva er en klagefrist?"),
    ("Hvem vedtar planstrategien?", "Hva betyr arealformål?"),
    ("Kven vedtek planstrategien?", "Kor lang er høyringsfristen for planprogrammet?"),
    ("Kven vedtek planstrategien?", "Kva er klagefristen for ein reguleringsplan?"),
    ("Who adopts the planning strategy?", "How long is the consultation period for a zoning plan?"),
]


@pytest.mark.parametrize(("previous", "question", "expected"), COMPOUND_ASPECT_FOLLOW_UPS)
def test_compound_aspects_make_a_follow_up(previous: str, question: str, expected: str) -> None:
    assert is_follow_up(question)
    assert expected.lower() in standalone_question(question, [previous]).lower()


@pytest.mark.parametrize(("previous", "question"), COMPOUND_ASPECT_SELF_CONTAINED)
def test_compound_aspects_beside_a_topic_stand_alone(previous: str, question: str) -> None:
    assert not is_follow_up(question)
    assert standalone_question(question, [previous]) == question


# "hva med <part>?" keeps the owner the previous topic named: (previous, follow-up, rewrite)
PART_SWAPS = [
    (
        "Hva skal kommuneplanens samfunnsdel inneholde?",
        "hva med arealdelen?",
        "Hva skal kommuneplanens arealdel inneholde?",
    ),
    (
        "Hva skal planprogrammet for kommuneplanen inneholde?",
        "hva med arealdelen?",
        "Hva skal arealdelen for kommuneplanen inneholde?",
    ),
    (
        "Hvem vedtar den nye kommuneplanens arealdel?",
        "Og hva med handlingsdelen?",
        "Hvem vedtar den nye kommuneplanens handlingsdel?",
    ),
    (
        "Kva skal kommuneplanens samfunnsdel innehalde?",
        "Kva med arealdelen?",
        "Kva skal kommuneplanens arealdel innehalde?",
    ),
    (
        "Kven vedtek planprogrammet til kommuneplanen?",
        "Kva med samfunnsdelen?",
        "Kven vedtek samfunnsdelen til kommuneplanen?",
    ),
    (
        "What must the social part of the municipal master plan contain?",
        "What about the land-use part?",
        "What must the land-use part of the municipal master plan contain?",
    ),
    (
        "What must the municipality's social part contain?",
        "And what about the land-use part?",
        "What must the municipality's land-use part contain?",
    ),
]

# "hva med X?" where X is no part, or names its own owner: X is swapped in as it is
WHOLE_SWAPS = [
    (
        "Hvem vedtar kommuneplanens arealdel?",
        "Hva med planstrategien?",
        "Hvem vedtar planstrategien?",
    ),
    (
        "Hva skal kommuneplanens samfunnsdel inneholde?",
        "hva med fylkesplanens handlingsdel?",
        "Hva skal fylkesplanens handlingsdel inneholde?",
    ),
    (
        "Kva skal planprogrammet for kommuneplanen innehalde?",
        "Kva med arealdelen i fylkesplanen?",
        "Kva skal arealdelen i fylkesplanen innehalde?",
    ),
    (
        "What must the social part of the municipal master plan contain?",
        "What about the planning strategy?",
        "What must the planning strategy contain?",
    ),
]


@pytest.mark.parametrize(("previous", "question", "expected"), PART_SWAPS + WHOLE_SWAPS)
def test_a_part_swapped_in_keeps_the_owner(previous: str, question: str, expected: str) -> None:
    assert standalone_question(question, [previous]) == expected


# Issue 11: a pronoun stands for what owns the previous question's aspect, not the aspect
# ("hvem vedtar det?" asks who adopts the planprogram, not the deadline): (previous,
# follow-up, rewrite), in nb, nn and en
PRONOUN_FOR_THE_OWNER = [
    (
        "Hva er høringsfristen for planprogrammet?",
        "og hvem vedtar det?",
        "Hvem vedtar planprogrammet?",
    ),
    (
        "Hva er fristen for høring av planprogrammet?",
        "Og når må det sendes ut?",
        "Når må planprogrammet sendes ut?",
    ),
    (
        "Kva er høyringsfristen for planprogrammet?",
        "og kven vedtek det?",
        "Kven vedtek planprogrammet?",
    ),
    (
        "Kva er innhaldet i planprogrammet?",
        "og kven vedtek den?",
        "Kven vedtek planprogrammet?",
    ),
    (
        "What are the requirements for a planning programme?",
        "And who approves it?",
        "Who approves the planning programme?",
    ),
]

# Unchanged: the follow-up asks about an aspect of its own, the topic has no leading
# aspect, the aspect is no owner's ("formålet med …"), or the pronoun agrees with the
# aspect and may mean it ("fristen … den", "kravene … dem", "the deadline … it")
PRONOUN_FOR_THE_WHOLE_TOPIC = [
    ("Hvem vedtar planstrategien?", "og hva er fristen?", "Hva er fristen for planstrategien?"),
    (
        "Hva er høringsfristen for planprogrammet?",
        "og hva er klagefristen?",
        "Hva er klagefristen for planprogrammet?",
    ),
    ("Kven vedtek planstrategien?", "og kva er fristen?", "Kva er fristen for planstrategien?"),
    (
        "Who adopts the planning strategy?",
        "and what is the deadline?",
        "What is the deadline for the planning strategy?",
    ),
    (
        "Hva skal planprogrammet for kommuneplanen inneholde?",
        "og hvem vedtar det?",
        "Hvem vedtar planprogrammet for kommuneplanen?",
    ),
    (
        "Kven vedtek planprogrammet til kommuneplanen?",
        "og når skal det sendast på høyring?",
        "Når skal planprogrammet til kommuneplanen sendast på høyring?",
    ),
    (
        "What must the planning programme for the master plan contain?",
        "and who adopts it?",
        "Who adopts the planning programme for the master plan?",
    ),
    (
        "Kva er klagefristen for reguleringsplanen?",
        "og kven vedtek han?",
        "Kven vedtek klagefristen for reguleringsplanen?",
    ),
    (
        "Hva er fristen for planstrategien?",
        "og når utløper den?",
        "Når utløper fristen for planstrategien?",
    ),
    (
        "What is the consultation deadline for the planning programme?",
        "and who adopts it?",
        "Who adopts the consultation deadline for the planning programme?",
    ),
    (
        "Hva er formålet med planprogrammet?",
        "og hvor står det?",
        "Hvor står formålet med planprogrammet?",
    ),
    (
        "Hva er kravene til planprogrammet?",
        "og hvem fastsetter dem?",
        "Hvem fastsetter kravene til planprogrammet?",
    ),
    (
        "Kva er krava til planprogrammet?",
        "og kven fastset dei?",
        "Kven fastset krava til planprogrammet?",
    ),
    (
        "What are the requirements for the planning programme?",
        "and who sets them?",
        "Who sets the requirements for the planning programme?",
    ),
]


@pytest.mark.parametrize(("previous", "question", "expected"), PRONOUN_FOR_THE_OWNER)
def test_a_pronoun_stands_for_the_owner_of_an_aspect(
    previous: str, question: str, expected: str
) -> None:
    assert standalone_question(question, [previous]) == expected


@pytest.mark.parametrize(("previous", "question", "expected"), PRONOUN_FOR_THE_WHOLE_TOPIC)
def test_other_follow_ups_keep_the_whole_topic(previous: str, question: str, expected: str) -> None:
    assert standalone_question(question, [previous]) == expected
