import pytest

from assistant.domain import Chunk, DocumentMeta
from assistant.retrieval.sections import cited_chunks, citing_words, named_laws, section_number

LAWS = [
    DocumentMeta("pbl", "pbl.md", "Lov om plan (plan- og bygningsloven)", "lov", short="pbl"),
    DocumentMeta("koml", "koml.md", "Lov om kommuner og fylkeskommuner (kommuneloven)", "lov"),
    DocumentMeta("fhl", "fhl.md", "Lov om folkehelsearbeid (folkehelseloven)", "lov"),
    DocumentMeta("hole", "hole.txt", "Planprogram for velferd i Hole", "planprogram"),
]


def chunk(chunk_id: str, doc_id: str, section: str | None) -> Chunk:
    return Chunk(chunk_id, doc_id, doc_id, "lov", "nb", "…", 0, 1, chunk_id, section=section)


CHUNKS = [
    chunk("pbl:0", "pbl", "§ 5-1. Medvirkning"),
    chunk("pbl:1", "pbl", "§ 10-1. Kommunal planstrategi"),
    chunk("pbl:2", "pbl", "§ 10-1. Kommunal planstrategi"),
    chunk("koml:0", "koml", "§ 5-1. Folkevalgte organer"),
    chunk("koml:1", "koml", "§ 10-1. Formannskap"),
    chunk("fhl:0", "fhl", "§ 6. Mål og planlegging"),
    chunk("fhl:1", "fhl", "§ 33 a. Forskrift om meldeplikt"),
    chunk("hole:0", "hole", "5.1 Milepælsplan"),
]


def cited(question: str) -> list[str]:
    return [c.id for c in cited_chunks(question, LAWS, CHUNKS)]


@pytest.mark.parametrize(
    ("section", "number"),
    [("§ 10-1. Kommunal planstrategi", "10-1"), ("§ 33 a. Forskrift", "33a"), ("5.1 Mål", None)],
)
def test_section_number(section: str, number: str | None) -> None:
    assert section_number(section) == number


@pytest.mark.parametrize(
    ("question", "ids"),
    [
        # the named law's §, every passage of it, in document order
        ("Hva sier pbl § 10-1?", ["pbl:1", "pbl:2"]),
        ("Kva seier plan- og bygningslova § 10-1?", ["pbl:1", "pbl:2"]),
        ("What does section 5-1 of the Local Government Act say?", ["koml:0"]),
        ("Hva sier kommuneloven §5-1 om organer?", ["koml:0"]),
        # no law named: the one law that has the §, none when several have it
        ("Hva sier § 6 om planlegging?", ["fhl:0"]),
        ("Hva står i § 33 a?", ["fhl:1"]),
        ("Hva sier § 10-1?", []),
        # a law the corpus lacks, no § at all, a "section" of something that is no law
        ("Hvordan brukes naturmangfoldloven § 8?", []),
        ("Hva er en kommunal planstrategi?", []),
        ("What does section 5-1 of the planning programme say?", []),
    ],
)
def test_cited_chunks(question: str, ids: list[str]) -> None:
    assert cited(question) == ids


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Hva sier plan- og bygningsloven § 10-1?", "plan- og bygningsloven"),
        ("Kva seier kommunelova § 11-3 om innkalling?", "kommunelova"),
        ("Hva sier plan- og bygningsloven om medvirkning?", ""),  # cites no §: a topic
        ("What does section 5-1 of the Local Government Act say?", "Local Government Act"),
        ("Hva sier paragraf 10-1 i plan- og bygningsloven?", "plan- og bygningsloven"),
        ("What does the Local Government Act say about the mayor?", ""),
    ],
)
def test_the_law_a_question_cites_a_section_of_is_no_topic(question: str, words: str) -> None:
    assert citing_words(question) == words


@pytest.mark.parametrize(
    ("question", "laws", "names_a_law"),
    [
        ("Hva krever folkehelseloven av kommunen?", {"fhl"}, True),
        ("Kva seier kommunelova og plan- og bygningslova om planar?", {"koml", "pbl"}, True),
        ("What does the Local Government Act say about the mayor?", {"koml"}, True),
        ("Hva sier pbl om medvirkning?", {"pbl"}, False),  # a short name is no law's name
        ("Hva sier forvaltningsloven om klage?", set(), True),  # a law the documents lack
        ("Hva er en planstrategi?", set(), False),
    ],
)
def test_named_laws(question: str, laws: set[str], names_a_law: bool) -> None:
    assert named_laws(question, LAWS) == (laws, names_a_law)
