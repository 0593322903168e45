import pytest

from assistant.answer.grounding import (
    Evidence,
    Thresholds,
    asks_speculation,
    declined_text,
    gather_evidence,
    judge_relevance,
)
from assistant.domain import Chunk, Hit
from assistant.prompts import message
from assistant.retrieval.analysis import names_in, terms
from assistant.retrieval.glossary import not_names

QUESTION = "Hvem vedtar kommuneplanen i Bergen?"
WEIGHTS = {"vedt": 1.0, "kommuneplan": 2.0, "berg": 1.0}


def hit(text: str, dense: float = 0.5, title: str = "Plan- og bygningsloven") -> Hit:
    chunk = Chunk("doc:0000", "doc", title, "lov", "nb", text, 0, len(text), "h")
    return Hit(chunk, 0.03, dense_score=dense)


ANSWER = hit("Kommunestyret vedtar kommuneplanen.", dense=0.7)
OTHER = hit("Planen gjelder hele området.", dense=0.5)


class TestNamesIn:
    @pytest.mark.parametrize(
        ("question", "names"),
        [
            ("Hva sier Hole kommune om Velferd?", ["Hole", "Velferd"]),
            ("Hvem vedtar planen i Bergen? Hvor lenge gjelder den?", ["Bergen"]),
            ("Spørsmål: Hvem vedtar planen?", []),  # after ":" a sentence opens
            ("Hva skjer med planen i 2024 etter § 11-15?", ["2024", "11-15"]),
            ("Hva sier plan- og bygningsloven om medvirkning?", ["bygningsloven"]),
            ("Kva seier plan- og bygningslova om kommunelova?", ["bygningslova", "kommunelova"]),
            ("Hva sier vannressurslov om konsesjon?", ["vannressurslov"]),  # Apertium's form
            ("What do I need to know about Hole?", ["Hole"]),  # "I" is a stop word
        ],
    )
    def test_names_numbers_and_law_names(self, question: str, names: list[str]) -> None:
        assert names_in(question) == names

    def test_not_names_are_skipped(self) -> None:
        question = "What does the Planning and Building Act say about Hole Municipality?"
        assert names_in(question) == ["Planning", "Building", "Act", "Hole", "Municipality"]
        assert names_in(question, not_names()) == ["Hole"]


class TestGatherEvidence:
    def test_weights_are_the_question_terms(self) -> None:
        assert set(WEIGHTS) == set(terms(QUESTION))  # so the expectations below hold

    def test_finds_the_missing_term_and_the_unmatched_name(self) -> None:
        evidence = gather_evidence(WEIGHTS, QUESTION, [ANSWER, OTHER])
        assert evidence == Evidence(
            dense=0.7, coverage=0.75, missing=0.25, unmatched_names=("Bergen",)
        )

    def test_all_terms_and_names_present(self) -> None:
        bergen = hit("Bystyret i Bergen vedtar kommuneplanen.", dense=0.6)
        evidence = gather_evidence(WEIGHTS, QUESTION, [bergen, OTHER])
        assert evidence == Evidence(dense=0.6, coverage=1.0, missing=0.0, unmatched_names=())

    def test_names_are_looked_for_in_all_hits_terms_only_in_the_best(self) -> None:
        bergen = hit("Bergen kommune har egne retningslinjer.", dense=0.2)
        evidence = gather_evidence(WEIGHTS, QUESTION, [ANSWER, OTHER, OTHER, bergen])
        assert evidence.unmatched_names == ()
        assert evidence.missing == 0.25
        assert evidence.coverage == 0.75

    def test_the_title_counts(self) -> None:
        planning = hit("Planperioden er 2025 – 2037.", title="Kommunedelplan, Hole kommune")
        question = "Hva er planperioden i Hole?"
        evidence = gather_evidence(dict.fromkeys(terms(question), 1.0), question, [planning])
        assert (evidence.coverage, evidence.unmatched_names) == (1.0, ())

    @pytest.mark.parametrize(
        ("question", "law", "other"),
        [
            # the law says "merforbruk" where a council member says "underskudd"
            (
                "Kor lang tid har vi på å dekke inn underskuddet?",
                "Kommunen får lang tid på å dekke inn merforbruket.",
                "Kommunen får lang tid på å dekke inn.",
            ),
            # a compound holds its last word: "politiattesten" holds "attesten"
            (
                "Hvor gammel kan attesten være?",
                "Politiattesten skal ikke være eldre enn tre måneder. Den er gammel nok.",
                "Den er gammel nok.",
            ),
        ],
    )
    def test_the_laws_word_covers_the_questions(self, question: str, law: str, other: str) -> None:
        weights = dict.fromkeys(terms(question), 1.0)
        assert gather_evidence(weights, question, [hit(law)]).coverage == 1.0
        assert gather_evidence(weights, question, [hit(other)]).coverage < 1.0

    def test_a_number_no_passage_holds(self) -> None:
        question = "Hva ble vedtatt i 2019?"
        evidence = gather_evidence({"vedt": 1.0, "2019": 1.0}, question, [hit("Vedtatt 2024.")])
        assert evidence.unmatched_names == ("2019",)

    def test_a_name_in_the_genitive(self) -> None:
        """The stemmer leaves "FNs" whole; the source writes "FN's"."""
        question = "Hvordan bruker Hole FNs bærekraftmål?"
        weights = dict.fromkeys(terms(question), 1.0)
        goals = hit("FN’s bærekraftmål skal legges til grunn i Hole.")
        assert gather_evidence(weights, question, [goals]).unmatched_names == ()
        elsewhere = hit("Bærekraftmålene skal legges til grunn i Hole.")
        assert gather_evidence(weights, question, [elsewhere]).unmatched_names == ("FNs",)

    def test_a_short_name_keeps_its_s(self) -> None:
        question = "Hva sier planen for Os?"
        weights = dict.fromkeys(terms(question), 1.0)
        assert gather_evidence(weights, question, [hit("O er en bokstav.")]).unmatched_names == (
            "Os",
        )

    def test_a_law_is_found_by_its_name_not_by_its_first_part(self) -> None:
        """The stemmer cuts "vegloven" to "veg", which any passage about roads holds."""
        question = "Hva sier vegloven om byggegrensen?"
        weights = dict.fromkeys(terms(question), 1.0)
        roads = hit("Byggegrensen langs veg er 50 meter.")
        assert gather_evidence(weights, question, [roads]).unmatched_names == ("vegloven",)
        named = hit("Byggegrenser etter veglova gjelder foran planen.")
        assert gather_evidence(weights, question, [named]).unmatched_names == ()

    @pytest.mark.parametrize(
        ("law", "passage"),
        [
            ("plan- og bygningslova", "Etter plan- og bygningsloven § 5-1 skal kommunen …"),
            ("helse- og omsorgstenestelova", "Helse- og omsorgstjenesteloven § 3-1 sier …"),
            ("Folkehelseloven", "Lov om folkehelsearbeid (folkehelseloven)"),
        ],
    )
    def test_a_law_is_found_in_either_written_form(self, law: str, passage: str) -> None:
        question = f"Kva seier {law} om dette?"
        assert gather_evidence({}, question, [hit(passage)]).unmatched_names == ()

    @pytest.mark.parametrize(
        ("question", "unsourced"),
        [
            ("Hva sier offentleglova om innsyn i plansaker?", ("offentleglova",)),
            ("Hva sier forvaltningsloven om klagefrist?", ("forvaltningsloven",)),
            ("Kva seier vassressurslova om konsesjon?", ("vassressurslova",)),
            ("Hva sier vannressurslov om konsesjon?", ("vannressurslov",)),
            ("Hva sier plan- og bygningsloven om klagefrist?", ()),
            ("Hva sier pbl om forholdet til forvaltningsloven?", ()),
            ("Kva seier pbl om klage etter forvaltningslova?", ()),
            ("Hva sier plan- og bygningsloven om forholdet til forvaltningsloven?", ()),
            ("Kva seier kommunelova om klage?", ()),
            ("Hva sier loven om klagefrist?", ()),  # no law named
        ],
    )
    def test_a_law_must_be_among_the_documents(
        self, question: str, unsourced: tuple[str, ...]
    ) -> None:
        """A passage may name a law the corpus lacks (pbl § 1-9 names forvaltningsloven),
        but what that law says cannot be quoted from it."""
        sources = [
            "Lov om planlegging og byggesaksbehandling (plan- og bygningsloven)",
            "Lov om kommuner og fylkeskommuner (kommuneloven)",
            "pbl",
        ]
        refers = hit(
            "Forvaltningsloven, offentleglova, vassressurslova, vannressurslov og kommunelova"
            " gjelder med de særlige bestemmelser som følger av denne lov."
        )
        evidence = gather_evidence({}, question, [refers], sources=sources)
        assert (evidence.unsourced, evidence.unmatched_names) == (unsourced, ())
        assert evidence.vetoed == bool(unsourced)
        assert gather_evidence({}, question, [refers]).unsourced == ()  # no sources given

    @pytest.mark.parametrize(
        ("question", "unsourced"),
        [
            ("What does the Public Administration Act say?", ("Public Administration Act",)),
            ("How are quotas set under the Wildlife Act?", ("Wildlife Act",)),
            ("What is the purpose of the Planning and Building Act?", ()),  # the glossary's
            ("What does the Local Government Act say?", ()),  # words of a title: a document
            ("Does the Wildlife Act override the Planning and Building Act?", ()),
        ],
    )
    def test_an_english_act_must_be_among_the_documents(
        self, question: str, unsourced: tuple[str, ...]
    ) -> None:
        sources = ["Lov om planlegging og byggesaksbehandling", "Local Government Act"]
        evidence = gather_evidence({}, question, [ANSWER], not_names(), "en", sources)
        assert evidence.unsourced == unsourced

    @pytest.mark.parametrize(
        ("question", "unsourced"),
        [
            (
                "Hvilke tiltak står i vedlegg I til forskrift om konsekvensutredninger?",
                ("forskrift om konsekvensutredninger",),
            ),
            ("Hva sier forskriften om habilitering?", ("forskriften om habilitering",)),
            ("Kan departementet gi forskrift om planstrategi?", ()),  # the law's authority
            ("Hva er en forskrift?", ()),
            ("Hva sier forskrift om kommunal planstrategi?", ()),  # one of the documents
        ],
    )
    def test_a_regulation_must_be_among_the_documents(
        self, question: str, unsourced: tuple[str, ...]
    ) -> None:
        sources = [
            "Lov om planlegging og byggesaksbehandling",
            "Forskrift om kommunal planstrategi",
        ]
        passage = hit("Forskrift om konsekvensutredninger og forskriften om habilitering gjelder.")
        evidence = gather_evidence({}, question, [passage], sources=sources)
        assert evidence.unsourced == unsourced

    def test_not_names_are_passed_on(self) -> None:
        question = "Who adopts the Municipal Master Plan in Bergen?"
        unmatched = gather_evidence({}, question, [ANSWER]).unmatched_names
        assert unmatched == ("Municipal", "Master", "Bergen")
        assert gather_evidence({}, question, [ANSWER], not_names()).unmatched_names == ("Bergen",)

    def test_a_name_the_corpus_holds_elsewhere_is_known(self) -> None:
        """Declined all the same (the passages are about something else), but the reason
        must not claim the documents never mention it."""
        known = set(terms("Bergen")).__contains__
        evidence = gather_evidence(WEIGHTS, QUESTION, [OTHER], known=known)
        assert (evidence.unmatched_names, evidence.known_names) == (("Bergen",), ("Bergen",))
        assert evidence.vetoed
        assert gather_evidence(WEIGHTS, QUESTION, [OTHER]).known_names == ()

    def test_no_hits(self) -> None:
        evidence = gather_evidence(WEIGHTS, QUESTION, [])
        assert evidence == Evidence(0.0, 0.0, 1.0, ("Bergen",))


class TestDeclinedText:
    """A declined answer says why when a veto tells, in the answer's language."""

    @pytest.mark.parametrize(
        ("evidence", "language", "reason"),
        [
            (Evidence(0.9, 1.0, 0.0, (), unsourced=("offentleglova",)), "nb",
             "Ikke blant dokumentene: «offentleglova»."),
            (Evidence(0.9, 1.0, 0.0, ("Bergen",)), "nn", "Dokumenta nemner ikkje «Bergen»."),
            (Evidence(0.9, 1.0, 0.0, (), missing_value="count"), "en",
             "None of the most relevant passages gives a number."),
            (Evidence(0.9, 1.0, 0.0, ("Hole",), missing_value="person"), "nb",
             "Ingen av de mest relevante utdragene oppgir et navn."),
            (Evidence(0.9, 1.0, 0.0, ("Kristiansand",), known_names=("Kristiansand",)), "nb",
             "Ingen av de mest relevante utdragene nevner «Kristiansand»."),
            (Evidence(0.9, 1.0, 0.0, ("Bergen", "Moss"), known_names=("Moss",)), "en",
             "The documents do not mention «Bergen»."),
            (Evidence(0.9, 1.0, 0.0, ("Hole",), speculative=True), "en",
             "The documents state rules, plans and experience, not what will happen or"
             " whether a choice was right."),
        ],
    )  # fmt: skip
    def test_the_reason_comes_first(self, evidence: Evidence, language: str, reason: str) -> None:
        text = declined_text(evidence, language)
        assert text == f"{reason} {message('not_covered', language)}"

    def test_scores_alone_give_no_reason(self) -> None:
        evidence = Evidence(dense=0.1, coverage=0.1, missing=0.9, unmatched_names=())
        assert declined_text(evidence, "en") == message("not_covered", "en")


class TestSpeculation:
    """A prediction or a verdict is asked of no document: declined whatever the scores say."""

    @pytest.mark.parametrize(
        "question",
        [
            "Kommer Hole til å nå målene i velferdsplanen før 2037?",
            "Kjem kommunen til å få nok sjukepleiarar?",
            "Gjorde Øygarden rett i å prioritere berre åtte av berekraftmåla?",
            "Is Stavanger going to merge its plans?",
            "Was it wise to start the planprogram in 2024?",
            "Did Moss make the right choice of model?",
        ],
    )
    def test_a_prediction_or_a_verdict_is_speculative(self, question: str) -> None:
        assert asks_speculation(question)
        evidence = gather_evidence(WEIGHTS, question, [ANSWER])
        assert evidence.speculative and evidence.vetoed

    @pytest.mark.parametrize(
        "question",
        [
            "Hvem har rett til å klage på et vedtak?",
            "Hva kommer fram i innbyggerundersøkelsen?",
            "Når kommer planen til behandling i kommunestyret?",
            "Hva gjorde Moss kommune for å forankre Leve hele livet?",
            "Will the plan strategy need a public consultation?",
            "Who has the right to appeal a zoning plan?",
        ],
    )
    def test_questions_about_what_is_stated_are_not(self, question: str) -> None:
        assert not asks_speculation(question)


class TestJudgeRelevance:
    THRESHOLDS = Thresholds(min_evidence=0.6, coverage_weight=0.5, max_missing=0.3)

    def test_enough_evidence_is_covered(self) -> None:
        evidence = Evidence(dense=0.5, coverage=0.4, missing=0.3, unmatched_names=())
        relevance = judge_relevance(evidence, self.THRESHOLDS)
        assert relevance.covered
        assert relevance.score == pytest.approx(0.7)  # missing at the bound costs nothing
        assert relevance.evidence == evidence

    def test_declines_below_min_evidence(self) -> None:
        evidence = Evidence(dense=0.3, coverage=0.4, missing=0.0, unmatched_names=())
        relevance = judge_relevance(evidence, self.THRESHOLDS)
        assert not relevance.covered
        assert relevance.score == pytest.approx(0.5)

    def test_declines_with_an_unmatched_name(self) -> None:
        evidence = Evidence(dense=0.9, coverage=1.0, missing=0.0, unmatched_names=("Bergen",))
        relevance = judge_relevance(evidence, self.THRESHOLDS)
        assert not relevance.covered
        assert relevance.score == pytest.approx(1.4)

    def test_declines_when_too_much_is_missing(self) -> None:
        evidence = Evidence(dense=0.5, coverage=0.4, missing=0.5, unmatched_names=())
        relevance = judge_relevance(evidence, self.THRESHOLDS)
        assert not relevance.covered
        assert relevance.score == pytest.approx(0.5)  # 0.7 less the 0.2 over the bound
