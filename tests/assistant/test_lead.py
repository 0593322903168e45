import pytest

from assistant.answer.answer_type import counted
from assistant.answer.lead import (
    Lead,
    choose_lead,
    is_debris,
    is_statement,
    question_kind,
    second_part,
)
from assistant.domain import Chunk, Hit
from assistant.retrieval.analysis import terms


def hit(chunk_id: str) -> Hit:
    chunk = Chunk(chunk_id, "doc", "Dokument", "lov", "nb", "tekst", 0, 5, "h")
    return Hit(chunk, 0.03)


def lead(question: str, *passages: list[str]) -> Lead | None:
    """choose_lead over ``passages`` (sentence lists), weighing each question term 1."""
    hits = [hit(f"doc:{i:04d}") for i in range(len(passages))]
    weights = dict.fromkeys(terms(question), 1.0)
    nothing_skipped = [set()] * len(passages)
    return choose_lead(
        question, hits, passages, weights, lambda p, i: passages[p][i], nothing_skipped
    )


class TestQuestionKind:
    @pytest.mark.parametrize(
        ("question", "kind"),
        [
            # bokmål
            ("Hvem vedtar kommuneplanen?", "who"),
            ("Hvilket organ fastsetter planprogrammet?", "who"),
            ("Når skal planstrategien vedtas?", "when"),
            ("Hva er fristen for uttalelser?", "when"),
            ("Hvor mange uker skal planforslaget ligge ute på høring?", "how_many"),
            ("Hvilke tema skal planprogrammet omfatte?", "which"),
            ("Hva skal planprogrammet inneholde?", "which"),  # what a document holds: a list
            ("Hva må stå i møteboka?", "which"),
            ("Hva skal vi gjøre med planprogrammet?", "requirement"),
            ("Hva er et planprogram?", "other"),
            ("Hva er planperioden for velferdsplanen?", "when"),
            ("Hva er høringsfristen?", "when"),
            ("Når kan kommunestyret lukke et møte?", "condition"),
            # nynorsk
            ("Kven vedtek planen?", "who"),
            ("Kor tid skal planen vedtakast?", "when"),
            ("Kor tid kan kommunen gje dispensasjon?", "condition"),
            ("Kor mange kommunar er med?", "how_many"),
            ("Kva for tema skal med?", "which"),
            ("Kva må kommunen gjere?", "requirement"),
            ("Kva er ein planstrategi?", "other"),
            ("Kva er oppstartsdatoen for planarbeidet?", "when"),
            # English
            ("Who adopts the master plan?", "who"),
            ("When must the strategy be adopted?", "when"),
            ("When can a meeting be closed?", "condition"),
            ("How many weeks is the consultation?", "how_many"),
            ("Which topics must the programme cover?", "which"),
            ("What must the plan contain?", "which"),
            ("What must the council do?", "requirement"),
            ("What is a planning programme?", "other"),
            ("What is the planning period of the welfare plan?", "when"),
            ("Hvor gammel kan politiattesten være?", "when"),
            # "når"/"when" that opens a clause asks nothing about time …
            ("Må vi lage en ROS-analyse når vi regulerer et nytt område?", "requirement"),
            ("Hvilke typer problemer skiller man mellom når man velger planprosess?", "which"),
            ("Hvor nær sjøen kan vi bygge når planen ikke sier noe?", "other"),
            ("What rate must a municipality use when it calculates fees?", "requirement"),
            # … but asks when it opens a sentence, follows "og"/"and" or asks indirectly
            ("Hvordan og når skal planen lages?", "when"),
            ("Kven skreiv notatet, og når kjem rapporten?", "who"),
            ("Institusjon er øvst. Når pliktar kommunen å tilby plass?", "when"),
            ("Hva sier loven om når kommunen kan unnta dokumenter?", "when"),
        ],
    )
    def test_kinds(self, question: str, kind: str) -> None:
        assert question_kind(question) == kind

    def test_the_first_kind_wins(self) -> None:
        assert question_kind("Hvem skal vedta planen, og innen når?") == "who"


class TestIsStatement:
    def test_a_sentence_is_a_statement(self) -> None:
        assert is_statement("Kommunestyret vedtar kommuneplanen selv.")

    @pytest.mark.parametrize(
        "sentence",
        [
            "Hva er et planprogram?",  # a question
            "Planperiode 2025 – 2037",  # too few words
            "STRATEGISK UTDYPING DELMÅL OG TILTAK",  # slide debris
        ],
    )
    def test_not_a_statement(self, sentence: str) -> None:
        assert not is_statement(sentence)


class TestIsDebris:
    @pytest.mark.parametrize(
        "sentence",
        [
            "STRATEGISK UTDYPING DELMÅL og tiltak",
            "12 – 14",
            "• • •",
            "",
            "» Hva er en virksom plan? » Kommunal planlegging » Gode planprosesser",
            "Tamme problem: kjent problemdeflnISj_on I’ k_jente Iﬂsnlrlger Medvirkning",  # OCR
        ],
    )
    def test_capitals_no_words_or_breadcrumbs(self, sentence: str) -> None:
        assert is_debris(sentence)

    @pytest.mark.parametrize(
        "sentence",
        [
            "Kommunestyret vedtar planen.",
            "Planen følger opp råd fra KS om medvirkning og ROS.",
            "Fylkets plan «Veien til et bærekraftig Viken» gjelder.",
            "KS-FoU og NOU 2023:4 viser til § 11-1, e-post til postmottak og 3D-modeller.",
            'Skriptprøve: <script>window.__pwned=1</script> <img onerror="window.__pwned=2">',
        ],
    )
    def test_ordinary_text(self, sentence: str) -> None:
        assert not is_debris(sentence)


class TestChooseLead:
    def test_prefers_the_sentence_with_the_kinds_sign(self) -> None:
        question = "Når skal planstrategien vedtas?"
        sentences = [
            "Planstrategien skal vedtas av kommunestyret i et åpent møte.",
            "Planstrategien skal vedtas senest innen ett år etter konstituering.",
        ]
        assert lead(question, sentences) == Lead(0, 1, pytest.approx(1.0 + 0.35))

    @pytest.mark.parametrize(
        ("question", "answer"),
        [
            ("Hvor ofte skal Kongen legge fram forventningene?", "hvert fjerde år"),
            ("Kor ofte skal kommunen rullere planen?", "kvart år"),
            ("How often must the council revise the plan?", "every year"),
        ],
    )
    def test_how_often_is_answered_by_a_frequency(self, question: str, answer: str) -> None:
        sentences = [
            "Forventningene skal følges opp i planleggingen, the plan must be revised.",
            f"Forventningene skal legges fram {answer}, the plan must be revised.",
        ]
        assert question_kind(question) == "when"
        assert lead(question, sentences).sentence == 1
        assert "ofte" not in terms(question) and "often" not in terms(question)

    @pytest.mark.parametrize("times", ["minst én gang i valgperioden", "to ganger i året"])
    def test_a_number_of_times_per_period_is_a_frequency(self, times: str) -> None:
        sentences = [
            "Eierskapsmeldingen skal vedtas av kommunestyret selv.",
            f"Eierskapsmeldingen skal vedtas {times}.",
        ]
        assert lead("Hvor ofte må eierskapsmeldingen vedtas?", sentences).sentence == 1

    @pytest.mark.parametrize(
        "no_count",
        [
            "Saken behandles i kommunestyret etter § 10-1 og §§ 11-12 til 11-15, jf. nr. 2.",
            "Saken må behandles i kommunestyret senest 30. juni.",
        ],
    )
    def test_a_section_or_a_date_is_no_count(self, no_count: str) -> None:
        question = "Hvor mange må behandle saken i kommunestyret?"  # counts nothing named
        assert question_kind(question) == "how_many" and not counted(question)
        sentences = [no_count, "Minst 300 må behandle saken i kommunestyret."]
        assert lead(question, sentences) == Lead(0, 1, pytest.approx(1.0 + 0.35))

    @pytest.mark.parametrize(
        ("question", "other", "answer", "score"),
        [
            pytest.param(  # the actor leads a who question
                "Hvem vedtar kommuneplanen?",
                "Kommuneplanen vedtas etter en bred prosess med høring.",
                "Kommunestyret vedtar kommuneplanen selv.",
                1.0 + 0.35,
                id="who-the-actor",
            ),
            pytest.param(  # "gammel" is in neither: half the question's terms
                "Når er politiattesten for gammel?",
                "Politiattesten skal anmerkes etter straffeloven 1902 og straffeloven 2005.",
                "Politiattesten skal ikke være eldre enn tre måneder.",
                0.5 + 0.35,
                id="when-a-law-s-year-is-no-time",
            ),
            pytest.param(  # "når kan" asks for the condition
                "Når kan et folkevalgt organ lukke møtet?",
                "Et folkevalgt organ kan vedta at en debatt om å lukke møtet holdes i lukket møte.",
                "Et folkevalgt organ skal lukke møtet når saken gjelder taushetsplikt.",
                1.0 + 0.35,
                id="condition",
            ),
            pytest.param(  # a negated question: the rule that negates, and the actor
                "Hvem kan ikke velges til kontrollutvalget?",
                "Kommunestyret velger selv medlemmene til kontrollutvalget.",
                "Ordføreren kan ikke velges til kontrollutvalget.",
                1.0 + 0.35 + 0.2,
                id="negated",
            ),
        ],
    )
    def test_the_sentence_that_answers_leads(
        self, question: str, other: str, answer: str, score: float
    ) -> None:
        assert lead(question, [other, answer]) == Lead(0, 1, pytest.approx(score))

    def test_a_which_question_is_answered_by_a_list_not_by_commas(self) -> None:
        question = "Hvilke saker kan kommunestyret overlate til kommunedirektøren?"
        commas = "Kommunestyret kan overlate saker til kommunedirektøren, hvis det vil, og hvis …"
        lead_in = "Kommunestyret kan overlate disse sakene:"  # three of the four terms
        quoted = {0: f"«{commas}»", 1: f"«{lead_in}» «saker uten prinsipiell betydning»"}
        hits = [hit("doc:0000")]
        weights = dict.fromkeys(terms(question), 1.0)
        chosen = choose_lead(
            question, hits, [[commas, lead_in]], weights, lambda p, i: quoted[i], [set()]
        )
        assert chosen is not None and chosen.sentence == 1

    @pytest.mark.parametrize(("items", "leads"), [(2, True), (1, False)])
    def test_a_short_lead_in_leads_with_its_list(self, items: int, leads: bool) -> None:
        question = "Hva bør man huske på i kommunikativ planlegging?"
        lead_in = "Huskeliste kommunikativ planlegging:"  # too short for a statement alone
        listed = ", ".join(["«skal etableres en arena»", "«tenke på stilen»"][:items])
        other = "Planleggeren er prosessleder i planlegging, ikke fagekspert."
        quoted = {0: f"«{lead_in}» {listed}", 1: f"«{other}»"}
        hits = [hit("doc:0000")]
        weights = dict.fromkeys(terms(question), 1.0)
        chosen = choose_lead(
            question, hits, [[lead_in, other]], weights, lambda p, i: quoted[i], [set()]
        )
        assert chosen is not None and (chosen.sentence == 0) == leads

    def test_a_list_is_the_answers_kind_only_when_its_own_words_meet_the_question(
        self,
    ) -> None:
        # An OCR'd slide chunk keeps an earlier slide's heading: every list under it would
        # carry the "which" sign with the heading's words.
        question = "Hvilke typer problemer skiller kurset mellom?"
        lead_in = "Huskeliste kommunikativ planlegging:"
        answer = "Kurset viser tre slags saker: tamme, komplekse og vanskelige."
        quoted = {0: f"«{lead_in}» «skal etableres en arena», «tenke på stilen»", 1: answer}
        chunk = Chunk(
            "doc:0000", "doc", "Dokument", "lov", "nb", "tekst", 0, 5, "h", "Typer problemer"
        )
        weights = dict.fromkeys(terms(question), 1.0)
        chosen = choose_lead(
            question,
            [Hit(chunk, 0.03)],
            [[lead_in, answer]],
            weights,
            lambda p, i: quoted[i],
            [set()],
        )
        assert chosen is not None and chosen.sentence == 1

    def test_a_count_is_a_number_next_to_what_is_counted(self) -> None:
        question = "Kor mange medlemer må formannskapet ha?"
        sentences = [
            "Medlemmene til formannskapet velges for fire år av kommunestyret.",
            "Formannskapet skal ha minimum fem medlemmer.",
        ]
        assert lead(question, sentences).sentence == 1

    def test_a_slide_bullet_is_no_heading(self) -> None:
        question = "Hvor mange plansaker og dispensasjoner er det?"
        bullet = ["- 1200 plansaker per år – av desse ca 900 dispensasjonssaker"]
        assert lead(question, bullet).score == pytest.approx(1.0 + 0.35)  # no fragment penalty
        cut = ["- 1200 plansaker og mange dispensasjoner i året,"]
        assert lead(question, cut).score == pytest.approx(1.0 + 0.35 - 0.2)

    def test_a_regional_rule_does_not_lead_a_municipal_question(self) -> None:
        sentences = [
            "Fylkestinget vedtar den regionale planen.",
            "Kommunestyret vedtar planen for kommunen.",
        ]
        chosen = lead("Hvem vedtar planen?", sentences)
        assert chosen is not None and chosen.sentence == 1

    def test_unless_the_question_asks_about_that_level(self) -> None:
        sentences = [
            "Fylkestinget vedtar den regionale planen.",
            "Kommunestyret vedtar planen for kommunen.",
        ]
        chosen = lead("Hvem vedtar den regionale planen?", sentences)
        assert chosen is not None and chosen.sentence == 0

    def test_an_earlier_passage_wins_a_tie(self) -> None:
        sentence = "Kommunestyret vedtar kommuneplanen selv."
        chosen = lead(
            "Hvem vedtar kommuneplanen?", ["Annet innhold i planen her."], [sentence], [sentence]
        )
        assert chosen is not None and (chosen.passage, chosen.sentence) == (1, 0)

    def test_a_heading_fragment_does_not_lead(self) -> None:
        question = "Hva er kommuneplanens arealdel?"
        sentences = [
            "Kommuneplanens arealdel og samfunnsdel her",
            "Kommuneplanens arealdel viser arealbruken.",
        ]
        chosen = lead(question, sentences)
        assert chosen is not None and chosen.sentence == 1

    def test_a_quote_cut_short_does_not_lead(self) -> None:
        question = "Hvilke læringskompetanser trengs for forandring?"
        hits = [hit("doc:0000")]
        cut = ["Forandring: 8 læringskompetanser for ledere: Å skape rammer:"]
        whole = "Forandring krever åtte læringskompetanser, som å skape nødvendighet."
        weights = dict.fromkeys(terms(question), 1.0)
        quoted = {0: f"«{cut[0]} […]»", 1: f"«{whole}»"}
        chosen = choose_lead(
            question, hits, [[*cut, whole]], weights, lambda p, i: quoted[i], [set()]
        )
        assert chosen is not None and chosen.sentence == 1

    def test_none_without_a_statement(self) -> None:
        assert lead("Hvem vedtar planen?", ["Hva er en plan?", "KORT"], ["12 – 14"]) is None


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("Hvor mange kommuner er med, og hvor lenge varer det?", "hvor lenge varer det?"),
        ("Who adopts the plan and when must it be adopted?", "when must it be adopted?"),
        ("Hva er planstrategi og planprogram?", None),  # one question about two things
        ("Hvem leder prosjektet og har ansvaret for planen?", None),  # a second verb
    ],
)
def test_second_part(question: str, part: str | None) -> None:
    assert second_part(question) == part
