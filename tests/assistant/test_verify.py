from assistant.answer.verify import cited_numbers, lexical_support, verify

PASSAGES = [
    "Kommunestyret skal minst én gang i hver valgperiode utarbeide og vedta en kommunal "
    "planstrategi.",
    "Planprogrammet skal gjøre rede for formålet med planarbeidet og opplegget for medvirkning.",
]


def test_cited_numbers() -> None:
    assert cited_numbers("a [1] b [2, 3] c [4][5]") == [1, 2, 3, 4, 5]


def test_supported_sentences_are_kept_with_their_citations() -> None:
    text = (
        "Kommunestyret vedtar kommunal planstrategi i hver valgperiode [1]. "
        "Planprogrammet gjør rede for formålet [2]."
    )
    checked = verify(text, PASSAGES)
    assert checked.text == text
    assert checked.cited == [1, 2] and checked.unsupported_sentences == []


def test_citation_after_the_full_stop_belongs_to_the_sentence() -> None:
    checked = verify(
        "Kommunestyret vedtar planstrategien. [1] Planprogrammet gjør rede for formålet. [2]",
        PASSAGES,
    )
    assert checked.cited == [1, 2] and not checked.unsupported_sentences


def test_uncited_and_unsupported_sentences_are_removed() -> None:
    text = (
        "Kommunestyret vedtar kommunal planstrategi [1]. "
        "Fylkesmannen godkjenner alltid budsjettet for sykehjemmet [1]. "
        "Planen skal også ha et eget kapittel om fotball."
    )
    checked = verify(text, PASSAGES)
    assert checked.text == "Kommunestyret vedtar kommunal planstrategi [1]."
    assert len(checked.unsupported_sentences) == 2


def test_citations_to_passages_not_given_are_dropped() -> None:
    checked = verify("Kommunestyret vedtar kommunal planstrategi [1, 7].", PASSAGES)
    assert checked.text == "Kommunestyret vedtar kommunal planstrategi [1]."
    assert checked.invalid_citations == [7]


def test_short_connectives_need_no_source() -> None:
    checked = verify("Kort sagt:\n- Kommunestyret vedtar planstrategien [1].", PASSAGES)
    assert checked.text == "Kort sagt:\n- Kommunestyret vedtar planstrategien [1]."


def test_custom_support_decides() -> None:
    checked = verify("The council adopts the strategy [1].", PASSAGES, support=lambda s, i: 1.0)
    assert checked.cited == [1]
    assert lexical_support("The council adopts the strategy [1].", PASSAGES[0]) < 0.5


def test_leading_markers_move_to_the_end_and_repeats_go() -> None:
    text = "[1] Kommunestyret vedtar planstrategi.\n[1] Kommunestyret vedtar planstrategi."
    checked = verify(text, PASSAGES)
    assert checked.text == "Kommunestyret vedtar planstrategi [1]."


def test_uncited_but_clearly_supported_sentence_gets_its_citation() -> None:
    checked = verify("Planprogrammet skal gjøre rede for formålet med planarbeidet.", PASSAGES)
    assert checked.text == "Planprogrammet skal gjøre rede for formålet med planarbeidet [2]."
