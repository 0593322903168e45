from assistant.answer.rewrite import is_follow_up, standalone_question


def test_follow_up_detection() -> None:
    assert is_follow_up("og hvem vedtar den?")
    assert is_follow_up("Kven vedtek han?")
    assert is_follow_up("What about the deadline?")
    assert not is_follow_up("Hva skal en planbeskrivelse inneholde etter plan- og bygningsloven?")


def test_first_question_is_unchanged() -> None:
    assert standalone_question("og hvem vedtar den?", []) == "og hvem vedtar den?"


def test_rule_prefixes_the_previous_question() -> None:
    rewritten = standalone_question("og hvem vedtar den?", ["Hva er en kommunal planstrategi?"])
    assert rewritten == "Hva er en kommunal planstrategi: og hvem vedtar den?"


def test_standalone_questions_are_not_touched() -> None:
    question = "Hva skal en planbeskrivelse inneholde etter plan- og bygningsloven?"
    assert standalone_question(question, ["Hva er en kommunal planstrategi?"]) == question


def test_llm_rewrite_uses_the_prompt_and_first_line() -> None:
    prompts: list[str] = []

    def complete(prompt: str) -> str:
        prompts.append(prompt)
        return "«Hvem vedtar kommunal planstrategi?»\nForklaring: …"

    rewritten = standalone_question("og hvem vedtar den?", ["Hva er en planstrategi?"], complete)
    assert rewritten == "Hvem vedtar kommunal planstrategi?"
    assert "- Hva er en planstrategi?" in prompts[0] and "og hvem vedtar den?" in prompts[0]
