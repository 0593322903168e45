"""What kind of value a question asks for, and whether the passages hold one at all.

"Hva er lønnen til ordføreren i Hole?" shares its words with many passages about mayors
and Hole, so the term signals say "covered"; but the question asks for an amount, and a
passage without a single amount cannot answer it. Only value types whose form can be
recognised reliably are checked: amounts of money or shares ("i prosent"), calendar dates,
counts of a thing ("hvor mange innbyggere": a number next to "innbyggere", in digits or
words), and a person's name when the question asks for an author or the holder of an
office ("Hva heter kommunalsjefen", "Who is the mayor of …": two capitalised words after a
lower-case word). "Hva heter planen" asks for a title, and "Who is the project owner" is
left alone: a role answers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

from assistant.retrieval.analysis import terms
from assistant.retrieval.glossary import bridge_terms, equivalents

ValueType = Literal["amount", "date", "count", "person"]

_I = re.IGNORECASE
MONTH_NAMES = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
"""The Norwegian months as a regex alternation: dates here, and the lead's *when* sign."""
_MONEY_NOUN = (
    r"(budsjett\w*|kostnad\w*|pris(en)?|gebyr\w*|lønn(en|a)?|løn(a)?|godtgj\w*|egenandel\w*"
    r"|tilskot\w*|tilskudd\w*|penger|pengar|beløp\w*|budget|cost|price|fee|salary|grant)"
)
_FINE = r"(\w*gebyr\w*|\w*mulkt\w*)"
"""A fine or a fee of any kind ("overtredelsesgebyr", "dagmulkt"): money when asked how
large it is, but "Hva er tvangsmulkt?" asks what it is."""
_OFFICE = r"(\w*leder\w*|\w*leiar\w*|\w*sjef\w*|\w*ordfører\w*|kontaktperson\w*|rådmann\w*)\b"
_OFFICE_EN = r"(mayor|chair\w*|head|leader|contact person|director|manager)\b"
"""Offices held by a person: "Hva heter kommunalsjefen" asks for a name, "Hva heter
planen" or "Kva heiter trinna" for a title a passage states in words."""
_ASKS: dict[ValueType, re.Pattern[str]] = {
    "amount": re.compile(
        # "how much time", "hvor mye tid" and "how much notice" ask for a period
        r"\b(hva koster|kva kostar|what does .{1,40} cost|hvor mye (?!tid)|kor mykje (?!tid)"
        r"|how much (?!time|notice)|(hva|kva|what) (er|var|is|was) (det|den|the)?\s*(\w+ ){0,2}"
        rf"{_MONEY_NOUN}|(which|what|hvilket|kva) {_MONEY_NOUN}|i prosent|(hvor|kor) mange prosent"
        r"|what percent(age)?|(hvor|kor) stor (andel|del)|what (share|proportion)"
        # "Kor stor dagmulkt …", "Hvor stort er tilskuddet …", "… i kroner"; not "hvor høyt
        # kan gebyret være": a rule answers that («ikke overstige … nødvendige kostnader»)
        rf"|(hvor|kor) (stor|stort)( \w+){{0,4}}? ({_MONEY_NOUN}|{_FINE})|\bi kroner\b)",
        _I,
    ),
    "date": re.compile(r"\b(dato|kva dag|hvilken dag|what date|which date|on what day)\b", _I),
    "person": re.compile(
        rf"\b((hva|kva) (heter|heiter)|(hvem|kven) er) (\w+ ){{0,2}}?{_OFFICE}"
        rf"|\b(who is|what(?: is|'s) the name of) (the )?(\w+ ){{0,2}}?{_OFFICE_EN}"
        r"|\b(hvem|kven) (skrev|skreiv)\b|\bwho wrote\b",
        _I,
    ),
}
_COUNTED = re.compile(r"\b(hvor mange|kor mange|how many) (\w+)", _I)
"""What a count question counts: the word after "hvor mange" (a nynorsk question is read
in bokmål before it is searched; "kor mange" is kept for one that is not), or the
glossary's Norwegian for the word after "how many"."""
_NUMBER_WORDS = frozenset(
    "én éin to tre fire fem seks sju syv åtte ni ti elleve tolv tretten fjorten femten"
    " seksten sytten søtten atten nitten tjue tretti førti femti hundre tusen".split()
)
"""Numbers written in words ("en"/"ei", also articles, are left out)."""
NEAR = 3
"""A count's number stands at most this many words from what it counts ("5 faste
medlemmer", "medlemmer: 7", "innbyggere (2024): 6 800")."""
_WHEN = re.compile(r"\b(når|kor tid|when|frist\w*|deadline|innen|by when)\b", _I)
"""A question about when something is due asks for a time, not for the amount it names."""
_WHEN_CLAUSE = re.compile(
    r"(?<=\w )(?<!\bog )(?<!\band )(?<!\beller )(?<!\bor )(?<!\bom )(?<!\babout )\b(når|when)\b",
    _I,
)
"""A "når"/"when" inside a sentence opens a clause ("Hvor nær sjøen kan vi bygge når
planen ikke sier noe?", "… when it calculates fees"), not a question about time. Asking, it
opens a sentence or follows "og"/"and" ("Hvordan og når …", "…, og når kjem …"), or asks
indirectly ("Hva sier loven om når …")."""
_HOLDS: dict[ValueType, re.Pattern[str]] = {
    "amount": re.compile(
        r"\d[\d .,]*\s*(kr\b|kroner|mill\w*|mrd|milliard\w*|nok\b|%|prosent)|\bkr\.?\s*\d"
        r"|\bG\b|grunnbeløp\w*",
        _I,
    ),
    "date": re.compile(
        rf"\b\d{{1,2}}\.\s*({MONTH_NAMES})|\b\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}\b"
        rf"|\b({MONTH_NAMES})\s+\d{{4}}\b",
        _I,
    ),
    "person": re.compile(
        r"(?<=[a-zæøå,:] )[A-ZÆØÅ][a-zæøåé]+(?:-[A-ZÆØÅ][a-zæøåé]+)? [A-ZÆØÅ][a-zæøåé]+"
        # a first and a last name: two capitalised words after a lower-case one
    ),
}


def as_asked(question: str) -> str:
    """``question`` without the "når"/"when" that opens a clause rather than asks."""
    return _WHEN_CLAUSE.sub("", question)


def asked_value(question: str) -> ValueType | None:
    """The value type ``question`` asks for, if it is one that can be checked."""
    if _WHEN.search(as_asked(question)) and not _ASKS["date"].search(question):
        return None
    for value_type, pattern in _ASKS.items():
        if pattern.search(question):
            return value_type
    return "count" if counted(question) else None


def counted(question: str) -> frozenset[str]:
    """The search terms of what a count question counts; none when the next word is no
    content word ("Hvor mange må skrive under …") or an English word the glossary lacks."""
    match = _COUNTED.search(question)
    if not match:
        return frozenset()
    word = match.group(2)
    if match.group(1).lower() == "how many":
        return frozenset(terms(bridge_terms(word, "en")))
    return frozenset(terms(word)).union(*equivalents(word).values())


def holds_value(value_type: ValueType, texts: Iterable[str], question: str = "") -> bool:
    """Whether any of ``texts`` contains a value of ``value_type`` (a count: a number next
    to what ``question`` counts)."""
    if value_type == "count":
        counted_terms = counted(question)
        return any(number_near(counted_terms, text) for text in texts)
    pattern = _HOLDS[value_type]
    return any(pattern.search(text) for text in texts)


def number_near(counted_terms: frozenset[str], text: str) -> bool:
    """Whether ``text`` has a number within ``NEAR`` words of a word of one of the search
    terms ("innbygg" in "6 800 innbyggere"; either may be the longer form)."""
    words = re.findall(r"\w+", text.lower())
    for i, word in enumerate(words):
        if word.isdigit() or word in _NUMBER_WORDS:
            for near in words[max(0, i - NEAR) : i + NEAR + 1]:
                found = terms(near)
                if found and any(
                    found[0].startswith(term) or term.startswith(found[0]) for term in counted_terms
                ):
                    return True
    return False


def missing_value(question: str, texts: Sequence[str]) -> ValueType | None:
    """The value type ``question`` asks for when none of ``texts`` holds one."""
    value_type = asked_value(question)
    return value_type if value_type and not holds_value(value_type, texts, question) else None
