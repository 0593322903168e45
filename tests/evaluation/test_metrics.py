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

    def test_support_counts_only_groups_found_in_the_answer(self) -> None:
        groups = [["kommunestyret"], ["2025"], ["aldri nevnt"]]
        answer = "Kommunestyret vedtar i 2025."
        excerpts = ["Kommunestyret skal vedta planen.", "Noe annet."]
        # found in answer: groups 1 and 2; in the excerpts: only group 1
        assert m.citation_support(groups, answer, excerpts) == 0.5
        assert m.citation_support(groups, "ingenting", excerpts) is None

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
