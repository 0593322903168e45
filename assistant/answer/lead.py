"""Find the one sentence in the passages that answers the question: a quoted answer's lead.

A reader wants the answer first: the actor for "hvem", the deadline for "når"/"frist", the
condition for "når kan" ("… når saken gjelder taushetsplikt", "dersom …"), the items for
"hvilke" and for what a document must hold ("hva skal … inneholde"), the requirement
for "hva skal". Each source sentence is scored by how much of the question's weighted
terms it holds, plus a bonus when it carries what the question's kind asks for (and when
it negates as the question does), minus a little per rank of its passage. planassist
serves municipalities, so a regional or national rule (by its words or its section
heading) does not lead unless the question asks about that level.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.answer.answer_type import MONTH_NAMES, as_asked, counted, number_near
from assistant.answer.follow_up_words import QUESTION_WORDS
from assistant.domain import Hit
from assistant.retrieval.analysis import terms
from assistant.retrieval.coverage import coverage_of
from assistant.text import LIST_ITEM

Kind = Literal["when", "condition", "who", "how_many", "which", "requirement", "other"]

_I = re.IGNORECASE
# First match wins: "hvem skal vedta … innen når" is about the actor. A compound asks what
# its last part does: "høringsfristen", "planperioden", "sluttdato" ask *when*.
_KINDS: list[tuple[Kind, re.Pattern[str]]] = [
    ("who", re.compile(r"\b(hvem|kven|who|whom|hvilke[nt]? organ|kva organ|which body)\b", _I)),
    ("condition", re.compile(r"\b(når|kor tid|when) (kan|kunne|can|may)\b", _I)),
    (
        "when",
        re.compile(
            r"\b(når|kor tid|when|\w*frist\w*|deadline|hvor lenge|kor lenge|how long|\w*dato\w*"
            r"|date|hvor fort|kor fort|how (?:quickly|fast|soon|often)|hvor ofte|kor ofte"
            r"|hvor lang tid|kor lang tid|how much time|within|innen når|by when"
            r"|hvilket år|kva år|what year|\w*periode\w*|\w*period"
            r"|hvor gammel|kor gammal|how old)\b",
            _I,
        ),
    ),
    ("how_many", re.compile(r"\b(hvor mange|kor mange|how many|hvor mye|kor mykje|antall)\b", _I)),
    (
        "which",
        re.compile(
            r"\b(hvilke|kva for|kva slags|which|what are|what (?:kinds?|types?|sorts?)|list"
            r"|nevn|name the)\b"
            # what a document must hold is a list: "Hva må stå i møteboka?"
            r"|\b(hva|kva|what)\b[^?]*\b(inneh[oa]ld\w*|omfatte|beskrive|stå i|contain|include)\b",
            _I,
        ),
    ),
    ("requirement", re.compile(r"\b(skal|må|bør|krav\w*|must|shall|requir\w*|plikt\w*)\b", _I)),
]
_SIGNS: dict[Kind, re.Pattern[str]] = {
    "who": re.compile(
        r"\b(kommunestyre\w*|formannskap\w*|fylkesting\w*|statsforvalter\w*|departement\w*"
        r"|kommunedirektør\w*|rådmann\w*|ordfører\w*|\w*råd(et)?|\w*utval(g|et)\w*"
        r"|styringsgruppe\w*|prosjekt(leder|leiar|eier|eigar|gruppe)\w*|oppdragsgiver\w*"
        r"|planmyndighet\w*|kongen|kommunen|fylkeskommunen|regjeringen|\w*gruppe)\b",
        _I,
    ),
    "when": re.compile(
        # a year, but not a law's ("straffeloven 1902"), or a duration, a frequency, a month
        r"((?<!loven )(?<!lova )\b\d{4}\b|\b\d+\.?\s*(uker|veker|måneder|månader|år|dager|dagar)\b"
        r"|\b(ett?|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|tolv)\s+(uker|veker|måneder|månader|år|dager|dagar)"
        rf"\b|\bhvert\b|\bkvart\b|\bannethvert\b|\bannakvart\b|\bårlig\w*|\bårleg\w*|\bevery\b"
        r"|\b(gang|ganger|gong|gonger) (i|per|hvert|kvart|om)\b"  # "én gang i valgperioden"
        rf"|\bfrist\w*|\binnen\b|\bsenest\b|\bseinast\b|\b({MONTH_NAMES})\b)",
        _I,
    ),
    "how_many": re.compile(
        # a number, not a § or its item ("§ 10-1", "§§ 11-12 til 11-15", "nr. 2") nor a date
        r"(?<![§\d.,-])(?<!§ )(?<!nr\. )\b\d+\b(?![-–.]\d)"
        rf"(?!\.\s*({MONTH_NAMES}))|\b(to|tre|fire|fem|seks|sju|åtte|ni|ti|tolv)\b",
        _I,
    ),
    # the items a lead-in introduces, quoted after it («… tilby følgende:» «legevakt», …);
    # a sentence with two commas is no list ("… hvis styret er fulltallig, og hvis …")
    "which": re.compile(r"»\s«"),
    "condition": re.compile(r"\b(når|hvis|dersom|if|unless)\b", _I),
    "requirement": re.compile(r"\b(skal|må|bør|plikt\w*|krav\w*)\b", _I),
}
_WIDER_LEVEL = re.compile(
    r"\b(regional\w*|fylkes\w*|fylkeskommun\w*|statlig\w*|nasjonal\w*|departement\w*|kongen"
    r"|county|national|state)\b",
    _I,
)
_NEGATION = re.compile(r"\b(ikke|ikkje|not|aldri|never)\b", _I)
_WORD = re.compile(r"[^\W\d_]+")
KIND_BONUS = 0.35
NEGATION_BONUS = 0.2
"""A question about what may not be ("Hvem kan ikke velges …") is answered by the rule that
says so ("… kan ikke velges som"); "ikke" is a stop word, so coverage cannot see it."""
FRAGMENT_PENALTY = 0.2
"""A short line without a full stop is more often a heading than an answer."""
FRAGMENT_WORDS = 8
WIDER_LEVEL_PENALTY = 0.3
RANK_DECAY = 0.04
SECTION_OPENING_BONUS = 0.15
"""The first statement under a heading that matches the question: a § opens with its rule."""
_GARBLED = re.compile(r"[a-zæøå][A-ZÆØÅ]|[a-zæøå]_[a-zæøå]|[ﬁﬂ|]|[a-zæøå]\d|\d[a-zæøå]{2}")
"""What OCR leaves in a word: a capital after a small letter, "_" between small letters
("k_jente"), a ligature or "|" for "l", digits inside letters."""
MIN_GARBLED = 2
GARBLED_SHARE = 0.1
CUT_QUOTE = "[…]»"
"""A quote that stops mid-sentence or before the list it introduces («… A: Å skape rammer:
[…]») reads as a fragment, not as an answer."""
MIN_WORDS = 4
MIN_LISTED = 2
"""A line too short to be a statement ("Huskeliste kommunikativ planlegging:") still leads
when it is quoted with at least this many of the items it introduces: they are the answer.
(With one item, a slide's title over its only bullet led.)"""
MAX_UPPERCASE_SHARE = 0.3
"""Slide debris ("STRATEGISK UTDYPING DELMÅL OG TILTAK") is not quoted as content."""


_JOINED = re.compile(r",? (?:og|and) (\w+)", _I)
_OPENS_A_QUESTION = QUESTION_WORDS | frozenset("må kan skal er is are can must do does".split())
"""What a second question opens with: a question word ("…, og hvor lenge …") or a verb put
first ("…, og kan …", "… and must …"). Not every auxiliary: in "Hvem leder prosjektet og har
ansvaret …" "har" is a second verb, not a second question."""


def second_part(question: str) -> str | None:
    """The second question of a compound one ("Hvor mange kommuner er med, og hvor lenge
    varer det?"): it needs an answer of its own."""
    for match in _JOINED.finditer(question):
        if match.group(1).lower() in _OPENS_A_QUESTION:
            return question[match.start(1) :]
    return None


def question_kind(question: str) -> Kind:
    asked = as_asked(question)
    for kind, pattern in _KINDS:
        if pattern.search(asked):
            return kind
    return "other"


def is_debris(sentence: str) -> bool:
    """Slide or web debris: mostly words in capitals, no word at all, a breadcrumb trail
    ("» Kommunal planlegging » Gode planprosesser"), whose unpaired » would end our quote,
    or text garbled by OCR ("problemdeflnISj_on I’ k_jente Iﬂsnlrlger")."""
    words = _WORD.findall(sentence)
    shouting = sum(word.isupper() and len(word) > 1 for word in words)
    unpaired = sentence.count("«") != sentence.count("»")
    tokens = sentence.split()
    garbled = sum(bool(_GARBLED.search(token)) for token in tokens)
    return (
        not words
        or unpaired
        or shouting / len(words) > MAX_UPPERCASE_SHARE
        or (garbled >= MIN_GARBLED and garbled / len(tokens) >= GARBLED_SHARE)
    )


def is_statement(sentence: str) -> bool:
    """A sentence that can lead an answer: enough words, not a question, not debris."""
    too_short = len(_WORD.findall(sentence)) < MIN_WORDS
    return not (too_short or sentence.rstrip().endswith("?") or is_debris(sentence))


def is_fragment(sentence: str) -> bool:
    """A heading (short, no full stop) or a piece cut from a sentence (does not open with a
    capital, a § or a list marker, or ends in a comma)."""
    stripped = sentence.strip()
    ends = stripped[-1:] in ".!:;)»"
    heading = not ends and len(_WORD.findall(stripped)) < FRAGMENT_WORDS
    opens_mid_sentence = not (
        stripped[:1].isupper() or stripped[:1] in '§«"' or LIST_ITEM.match(stripped)
    )
    return heading or opens_mid_sentence or stripped.endswith(",")


def _unfit_to_lead(sentence: str) -> bool:
    """A fragment, but not a list item that ends as an item does: "- 1200 plansaker per år
    – av desse ca 900 dispensasjonssaker" is a slide's statement, not its heading."""
    stripped = sentence.strip()
    if LIST_ITEM.match(stripped):
        return stripped.endswith(",")
    return is_fragment(stripped)


def _lists(sentence: str, text: str) -> bool:
    """Whether ``text``, the quote of ``sentence``, lists at least ``MIN_LISTED`` items after
    it (each item quoted on its own: «lead-in» «item», «item»)."""
    listed = bool(_SIGNS["which"].search(text)) and text.count("«") > MIN_LISTED
    return listed and not sentence.rstrip().endswith("?") and not is_debris(sentence)


def _carries(text: str, sign: re.Pattern[str] | None, counted_terms: frozenset[str]) -> bool:
    """Whether ``text`` holds what the question's kind asks for: for a count of a named
    thing ("Kor mange medlemer …"), a number next to it (not "for fire år"), else the
    kind's sign."""
    if counted_terms:
        return number_near(counted_terms, text)
    return sign is not None and bool(sign.search(text))


@dataclass(frozen=True)
class Lead:
    passage: int
    """Index of the passage (in the hits given) the sentence is from."""
    sentence: int
    """Index of the sentence within that passage's sentences."""
    score: float


def choose_lead(
    question: str,
    hits: Sequence[Hit],
    sentences: Sequence[Sequence[str]],
    weights: dict[str, float],
    quoted: Callable[[int, int], str],
    skipped: Sequence[Collection[int]],
) -> Lead | None:
    """The best statement among ``sentences`` (one list per hit, ``skipped`` the indexes
    never quoted: the heading line, slide debris), or None if there is none.

    A candidate is judged by what the answer would quote for it (``quoted(passage,
    sentence)``: with the list it introduces, or the short sentence after it), since the
    answer often sits there ("Dette skal gjøres innen 31. desember …"). It is read with
    its section heading: under "§ 1-1. Lovens formål" the first sentence answers "what is
    the purpose of the act" without saying "formål" itself.
    """
    kind = question_kind(question)
    sign = _SIGNS.get(kind)
    counted_terms = counted(question) if kind == "how_many" else frozenset()
    asks_wider = bool(_WIDER_LEVEL.search(question))
    negated = bool(_NEGATION.search(question))
    best: Lead | None = None
    for rank, (hit, passage) in enumerate(zip(hits, sentences, strict=False)):
        heading = set(terms(hit.chunk.section or ""))
        opening = coverage_of(weights, heading) > 0
        for index, sentence in enumerate(passage):
            if index in skipped[rank]:
                continue
            text = quoted(rank, index)
            if not (is_statement(sentence) or _lists(sentence, text)):
                continue
            own = set(terms(text))
            coverage = coverage_of(weights, own | heading)
            if not coverage:
                continue
            score = coverage - RANK_DECAY * rank
            # the kind's sign counts when the quote's own words meet the question, not only
            # its heading's: an OCR'd slide chunk keeps an earlier slide's heading
            if _carries(text, sign, counted_terms) and coverage_of(weights, own):
                score += KIND_BONUS
            if negated and _NEGATION.search(text):
                score += NEGATION_BONUS
            if not asks_wider and _WIDER_LEVEL.search(f"{hit.chunk.section} {sentence}"):
                score -= WIDER_LEVEL_PENALTY
            if _unfit_to_lead(sentence) or text.endswith(CUT_QUOTE):
                score -= FRAGMENT_PENALTY
            if opening:
                score += SECTION_OPENING_BONUS
                opening = False
            if best is None or score > best.score + 1e-9:
                best = Lead(rank, index, score)
    return best
