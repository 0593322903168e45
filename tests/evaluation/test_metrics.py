"""evaluation.metrics on small hand-made cases with known values."""

import math

import pytest

from evaluation import metrics as m


class TestRanking:
    ranked = ("kommuneloven", "pbl", "hole", "pbl-forskrift")

    def test_hit_at_k(self) -> None:
        assert m.hit_at_k(self.ranked, {"pbl"}, 1) == 0.0
        assert m.hit_at_k(self.ranked, {"pbl"}, 2) == 1.0
        assert m.hit_at_k(self.ranked, {"missing"}, 10) == 0.0

    def test_reciprocal_rank(self) -> None:
        assert m.reciprocal_rank(self.ranked, {"pbl", "hole"}) == 0.5
        assert m.reciprocal_rank(self.ranked, {"kommuneloven"}) == 1.0
        assert m.reciprocal_rank(self.ranked, {"missing"}) == 0.0

    def test_ndcg_one_relevant_at_rank_two(self) -> None:
        assert m.ndcg_at_k(self.ranked, {"pbl"}, 10) == pytest.approx(1 / math.log2(3))

    def test_ndcg_two_relevant(self) -> None:
        # relevant at ranks 2 and 3; ideal at ranks 1 and 2
        expected = (1 / math.log2(3) + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
        assert m.ndcg_at_k(self.ranked, {"pbl", "hole"}, 10) == pytest.approx(expected)

    def test_ndcg_perfect_and_cut_off(self) -> None:
        assert m.ndcg_at_k(["a", "b"], {"a", "b"}, 10) == pytest.approx(1.0)
        assert m.ndcg_at_k(["x", "a"], {"a"}, 1) == 0.0
        assert m.ndcg_at_k([], {"a"}, 10) == 0.0

    def test_distinct_keeps_first_order(self) -> None:
        assert m.distinct(["pbl", "hole", "pbl", "mr", "hole"]) == ["pbl", "hole", "mr"]


class TestMentions:
    groups = (("kommunestyret", "bystyret"), ("2025",), ("planstrategi",))

    def test_groups_found_case_insensitive_with_alternatives(self) -> None:
        text = "BYSTYRET vedtar planen for 2025–2037."
        assert m.groups_found(self.groups, text) == [True, True, False]
        assert m.mention_recall(self.groups, text) == pytest.approx(2 / 3)
        assert m.missing_mentions(self.groups, text) == [["planstrategi"]]

    def test_no_groups_gives_none(self) -> None:
        assert m.mention_recall([], "anything") is None


class TestCitations:
    def test_precision(self) -> None:
        assert m.citation_precision(["pbl", "hole", "pbl", "x"], {"pbl"}) == 0.5
        assert m.citation_precision([], {"pbl"}) is None

    @pytest.mark.parametrize(
        ("text", "markers"),
        [
            ("- a [1]\n- b [2]", [1, 2]),
            ("both [1, 2] and [3;4]", [1, 2, 3, 4]),
            ("adjacent [1][2]", [1, 2]),
            ("no markers, [a] or [ ] only", []),
        ],
    )
    def test_markers(self, text: str, markers: list[int]) -> None:
        assert m.citation_markers(text) == markers

    def test_validity(self) -> None:
        assert m.citation_validity("x [1] y [1, 2]", {1, 2}) == 1.0
        assert m.citation_validity("x [1][3]", {1, 2}) == 0.0
        assert m.citation_validity("no markers", set()) == 1.0


PASSAGE_1 = (
    "§ 10-1. Kommunal planstrategi\n\nKommunestyret skal minst én gang i hver valgperiode, "
    "og senest innen ett år etter konstituering, utarbeide og vedta en kommunal planstrategi."
)
PASSAGE_2 = "Planprogrammet skal ha en planperiode fra 2025 til 2037 for kommunedelplan Velferd."
EXCERPTS = {1: PASSAGE_1, 2: PASSAGE_2}


class TestStatements:
    def test_bullets_stay_whole_and_prose_splits_into_sentences(self) -> None:
        answer = (
            "Dette sier kildene:\n\n- § 10-1. Kommunal planstrategi Kommunestyret skal. [1]\n"
            "Den gjelder fra 2025. [2] Neste setning [1]. Siste, uten kilde."
        )
        assert m.statements(answer) == [
            "Dette sier kildene:",
            "§ 10-1. Kommunal planstrategi Kommunestyret skal. [1]",
            "Den gjelder fra 2025. [2]",
            "Neste setning [1].",
            "Siste, uten kilde.",
        ]

    def test_a_quote_is_not_split(self) -> None:
        answer = "Loven sier: «Planen vedtas. Den gjelder i fire år.» [1] Mer følger. [2]"
        assert m.statements(answer) == [
            "Loven sier: «Planen vedtas. Den gjelder i fire år.» [1]",
            "Mer følger. [2]",
        ]

    def test_frame_lines(self) -> None:
        assert m.is_frame("This is what the sources say (quoted in Norwegian):")
        assert not m.is_frame("Tre ting gjelder: [1]")
        assert not m.is_frame("Kommunestyret vedtar.")

    def test_first_statement_is_the_first_cited_one(self) -> None:
        answer = "Dette sier kildene:\n\nEn innledning uten kilde.\n- Kommunestyret vedtar [1]"
        assert m.first_statement(answer) == "Kommunestyret vedtar [1]"
        assert m.first_statement("Dette sier kildene:\n\nIngen kilde. Heller ikke her.") == (
            "Ingen kilde."
        )
        assert m.first_statement("") == ""


class TestLeadRate:
    groups = (("kommunestyret", "bystyret"), ("planstrategi",))

    def test_best_a_required_fact_in_the_first_cited_statement(self) -> None:
        answer = "Dette sier kildene:\n\n- Bystyret vedtar planen. [1]\n- Noe annet. [2]"
        assert m.lead_rate(self.groups, answer) == 1.0

    def test_worst_the_fact_comes_only_later(self) -> None:
        answer = "Dette sier kildene:\n\n- Loven gjelder i hele landet. [1]\n- Bystyret. [2]"
        assert m.lead_rate(self.groups, answer) == 0.0

    def test_nothing_to_score(self) -> None:
        assert m.lead_rate(self.groups, "") is None  # abstained
        assert m.lead_rate([], "- Bystyret vedtar. [1]") is None


class TestCitationSupport:
    def test_best_every_statement_backed_by_the_passage_it_cites(self) -> None:
        answer = (
            "Dette sier kildene:\n\n"
            "- Kommunestyret skal vedta en kommunal planstrategi i hver valgperiode [1]\n"
            "- Planperioden for kommunedelplan Velferd er 2025 til 2037. [2]\n"
            "- Etter § 10-1: «Kommunestyret skal minst én gang […] vedta en kommunal "
            "planstrategi» [1]"
        )
        assert m.citation_support(answer, EXCERPTS) == 1.0

    def test_worst_statements_checked_against_the_wrong_passage_or_none(self) -> None:
        answer = (
            "- Kommunestyret skal vedta en kommunal planstrategi [2]\n"  # true, but not in [2]
            "- Planperioden for kommunedelplan Velferd er 2025 til 2040. [2]\n"  # 2040
            "- Planperioden varer fra 2025 til 2037.\n"  # no marker
            "- «Kommunestyret skal alltid vedta» [1]\n"  # not verbatim
            "- Kommunestyret vedtar planen [7]"  # names no citation
        )
        assert m.citation_support(answer, EXCERPTS) == 0.0
        assert len(m.support_checks(answer, EXCERPTS)) == 5

    def test_content_word_share(self) -> None:
        # 3 of 4 content words in the passage: supported at 60 %, not at 80 %
        statement = "Kommunestyret skal vedta planstrategi raskt [1]"
        assert m.citation_support(statement, EXCERPTS) == 1.0
        assert m.citation_support(statement, EXCERPTS, min_share=0.8) == 0.0

    def test_frames_are_skipped_and_nothing_said_gives_none(self) -> None:
        assert m.citation_support("Dette sier kildene:\n\n- Planperiode 2025 [2]", EXCERPTS) == 1.0
        assert m.citation_support("", EXCERPTS) is None
        assert m.citation_support("Dette sier kildene:", EXCERPTS) is None


class TestLanguage:
    quoted = "«Kommunestyret skal minst én gang i hver valgperiode vedta en planstrategi» [1]"

    def test_best_english_outside_the_quotes(self) -> None:
        answer = f"The municipal council must adopt the strategy (§ 10-1): {self.quoted}"
        assert m.answer_language(answer) == "en"
        assert m.language_accuracy(answer, "en") == 1.0

    def test_worst_norwegian_outside_the_quotes(self) -> None:
        answer = f"Kommunestyret skal vedta det, og hva som er viktig: {self.quoted}"
        assert m.language_accuracy(answer, "en") == 0.0
        # unquoted Norwegian sources after an English frame make the answer Norwegian
        frame = "This is what the sources say (quoted in Norwegian):\n\n"
        unquoted = "- Kommunestyret skal vedta hva som er viktig, og ikke noe mer. [1]"
        assert m.language_accuracy(frame + unquoted, "en") == 0.0

    def test_only_quotes_falls_back_to_the_whole_answer(self) -> None:
        assert m.answer_language("«Kva er ikkje med?» [1] https://lovdata.no") == "nn"


class TestDeclineCurve:
    def test_best_declines_ranked_first(self) -> None:
        scored = [(0.9, True), (0.8, True), (0.3, False), (0.1, False)]
        points = m.decline_precision_recall(scored)
        assert points[1] == (0.8, 1.0, 1.0)
        assert points[-1] == (0.1, 0.5, 1.0)  # declining everything: precision = base rate

    def test_worst_declines_ranked_last(self) -> None:
        scored = [(0.9, False), (0.8, False), (0.3, True), (0.1, True)]
        points = m.decline_precision_recall(scored)
        assert points[0] == (0.9, 0.0, 0.0)
        assert max(precision for _, precision, _ in points) == 0.5

    def test_ties_and_nothing_to_decline(self) -> None:
        assert m.decline_precision_recall([(0.5, True), (0.5, False)]) == [(0.5, 0.5, 1.0)]
        assert m.decline_precision_recall([(0.5, False)]) == []


class TestAggregates:
    def test_percentile_interpolates(self) -> None:
        values = [4.0, 1.0, 3.0, 2.0]
        assert m.percentile(values, 50) == 2.5
        assert m.percentile(values, 0) == 1.0
        assert m.percentile(values, 100) == 4.0
        assert m.percentile(values, 95) == pytest.approx(3.85)
        assert m.percentile([], 50) is None

    def test_percentile_rejects_bad_q(self) -> None:
        with pytest.raises(ValueError, match="between 0 and 100"):
            m.percentile([1.0], 101)

    def test_mean_skips_none(self) -> None:
        assert m.mean([1.0, None, 0.0]) == 0.5
        assert m.mean([None]) is None
