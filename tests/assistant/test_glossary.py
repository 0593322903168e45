import pytest

from assistant.retrieval.glossary import bridge_terms, equivalents, not_names


def bridged(question: str, language: str) -> list[str]:
    return bridge_terms(question, language).split()


class TestBridgeTerms:
    def test_english_phrases_get_the_norwegian_words(self) -> None:
        words = bridged("How is the municipal master plan adopted?", "en")
        assert {"kommuneplan", "vedta", "vedtak"} <= set(words)
        assert len(words) == len(set(words))  # two phrases for one word: said once

    def test_the_shoreline_and_its_building_ban_are_bridged(self) -> None:
        words = set(bridged("Is there a building ban along the sea near the shoreline?", "en"))
        assert {"byggeforbud", "forbud", "sjøen", "strandlinjen", "strandsonen"} <= words

    def test_a_citizens_proposal_and_its_signatures_are_bridged(self) -> None:
        question = "How many signatures does a citizens' proposal need?"
        assert {"innbyggerforslag", "underskrifter"} <= set(bridged(question, "en"))

    def test_matching_ignores_case(self) -> None:
        assert "kommuneplan" in bridged("What is a Municipal Master Plan?", "en")

    def test_a_trailing_star_matches_any_ending(self) -> None:
        for question in ("Who approves it?", "Is approval needed?", "Was it approved?"):
            assert {"vedta", "godkjenne"} <= set(bridged(question, "en"))

    def test_without_a_star_only_the_whole_word_matches(self) -> None:
        assert "budsjett" in bridged("Who sets the budget?", "en")
        assert "budsjett" not in bridged("Who sets the budgets?", "en")
        assert bridged("Who is acting for the mayor?", "en") == ["ordfører"]  # not "act"

    @pytest.mark.parametrize(
        ("question", "language", "expected"),
        [
            ("Når er planen ute på høring?", "nb", {"høring", "offentlig", "ettersyn"}),
            ("Hva mener bystyret om planen?", "nb", {"kommunestyret"}),
            ("Kva meiner bystyrerepresentantane?", "nn", {"kommunestyret"}),
            ("Hvor lenge ligger planen ute?", "nb", {"frist", "uker"}),
            ("How long is the plan ute på høring?", "en", {"høring"}),
            ("Hva mente rådmannen og fylkesmannen?", "nb", {"kommunedirektør", "statsforvalteren"}),
            ("Hvor lang saksbehandlingstid har en byggesøknad?", "nb", {"frist", "tillatelse"}),
        ],
    )
    def test_everyday_phrases_are_bridged(
        self, question: str, language: str, expected: set[str]
    ) -> None:
        assert expected <= set(bridged(question, language))

    @pytest.mark.parametrize(
        ("question", "expected"),
        [
            ("Must a nursing home offer round-the-clock care?", {"sykehjem", "heldøgns"}),
            ("How old may the police certificate be?", {"politiattest"}),
            ("Who must be notified of a serious injury?", {"varsle", "alvorlig", "skade"}),
            ("How far from the property line may we build?", {"nabogrense"}),
            ("Is a former mayor entitled to severance pay?", {"ettergodtgjøring"}),
            ("How long do we have to cover the deficit?", {"merforbruk"}),
        ],
    )
    def test_general_english_words_are_bridged(self, question: str, expected: set[str]) -> None:
        """Not only planning terms: a politician asks about care, staff and buildings too."""
        assert expected <= set(bridged(question, "en"))

    def test_english_phrases_only_for_english_questions(self) -> None:
        assert bridge_terms("municipal master plan", "nb") == ""

    @pytest.mark.parametrize(
        ("question", "language"),
        [
            ("Hvordan spiller man fotball?", "nb"),
            ("What is the weather like today?", "en"),
            ("", "en"),
        ],
    )
    def test_nothing_for_unrelated_text(self, question: str, language: str) -> None:
        assert bridge_terms(question, language) == ""


class TestEquivalents:
    def test_each_everyday_term_gets_the_laws_terms(self) -> None:
        found = equivalents("Hvem er rådmannen, og hva skjer med underskuddet?")
        assert found == {"radmann": {"kommunedirektor"}, "underskudd": {"merforbruk"}}

    def test_english_phrases_are_no_equivalents(self) -> None:
        """An English question's glossary words weigh as terms of their own."""
        assert equivalents("Who adopts the municipal master plan?") == {}


class TestNotNames:
    def test_english_title_case_words(self) -> None:
        assert {"act", "planning", "building", "council", "municipal"} <= not_names()

    def test_the_words_of_english_glossary_phrases(self) -> None:
        """A politician writes "the Municipal Master Plan" or "the Control Committee": planning
        vocabulary, not a body the sources would have to name."""
        assert {"master", "control", "committee", "steering", "zoning"} <= not_names()
        assert not {"wildlife", "institute", "danish"} & not_names()

    def test_general_english_words_may_be_part_of_a_name(self) -> None:
        """ "Working Environment Act" names a law the sources lack: its words are bridged, but
        still count as a name the passages must hold."""
        assert "miljø" in bridged("What does the Working Environment Act say?", "en")
        assert not {"environment", "police", "nursing"} & not_names()

    def test_lowercase_and_without_real_names(self) -> None:
        assert all(word == word.lower() for word in not_names())
        assert not {"hole", "bergen", "velferd"} & not_names()
