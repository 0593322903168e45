"""The checkable facts of a sentence: numbers, dates, deadlines, § references, names.

A written sentence may only state such a fact if the passage it cites states it too, so
"sluttbehandles 1. februar 2037 [2]" fails against a passage saying "Oktober 2025" even
though most of its words are in that passage. Digits and number words count alike
("seks uker" = "6 uker"), as do month names in bokmål, nynorsk and English.

>>> claimed("Fristen er seks uker, jf. § 11-14.").missing_from(source("minst 6 uker (§ 11-13)"))
['§ 11-14']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# fmt: off
MONTHS = {
    "januar": 1, "january": 1, "februar": 2, "february": 2, "mars": 3, "march": 3, "april": 4,
    "mai": 5, "may": 5, "juni": 6, "june": 6, "juli": 7, "july": 7, "august": 8,
    "september": 9, "oktober": 10, "october": 10, "november": 11, "desember": 12, "december": 12,
}
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12,
}
"""Counted in sources only ("Aug-Sept 2025"): in a written sentence "des" is not a month."""
NUMBER_WORDS = {
    "én": 1, "ett": 1, "eitt": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7,
    "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12,
}
ENGLISH_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
ARTICLES_AS_ONE = {"en": 1, "ein": 1, "ei": 1, "et": 1, "eit": 1, "a": 1, "an": 1}
"""In a source, "en uke" is one week; in a written sentence "en" is only an article."""
UNITS = {
    **dict.fromkeys("dag dager dagar dagen dagene døgn day days".split(), "day"),
    **dict.fromkeys("uke uker ukene uka veke veker vekene week weeks".split(), "week"),
    **dict.fromkeys("måned måneder månad månader mnd month months".split(), "month"),
    **dict.fromkeys("år året åra årene year years".split(), "year"),
}
NOT_NAMES = frozenset("i a norge noreg norway norwegian".split())
"""Capitalised words that name nothing a passage must contain."""
# fmt: on

_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0.](?=\d{3}\b)")
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b")
_SECTION = re.compile(r"(?<![\w-])(\d+)\s?([a-z])?\s?[-–]\s?(\d+)([a-z])?(?![\w-])", re.I)
_WORD = re.compile(r"\d+(?:,\d+)?|[^\W\d_]+")
_NAME = re.compile(r"(?<![\w-])[A-ZÆØÅ][^\W\d_]*")
_CITATION = re.compile(r"\[\d+(?:\s*[,;]\s*\d+)*\]")
_ENUMERATION = re.compile(r"^\s*(?:[-*•]\s*)?\d+[.)]\s+(?=[A-ZÆØÅ«])")
_SENTENCE_START = re.compile(r"^[\s\-*•«\"“(]*(?:\d+[.)]\s+)?")

Fact = tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    items: frozenset[Fact] = frozenset()
    """("number", "6"), ("month", "10"), ("month-year", "10", "2025"), ("day-month", "1",
    "2"), ("duration", "6", "week"), ("section", "11-13")."""
    names: frozenset[str] = frozenset()
    """Lowercased proper names (claims), or every word (sources)."""
    shown: dict[Fact, str] = field(default_factory=dict, compare=False)

    def missing_from(self, source: Facts, check_names: bool = True) -> list[str]:
        """This sentence's facts that ``source`` does not state, as written."""
        missing = [self.shown.get(item, " ".join(item[1:])) for item in self.items - source.items]
        if check_names:
            missing += [name for name in self.names if not _has_word(source.names, name)]
        return sorted(set(missing))

    def atoms(self) -> set[Fact]:
        """Numbers, months and § references: what a lead and an answer can share."""
        return {item for item in self.items if item[0] in ("number", "month", "section")}


def claimed(sentence: str, language: str = "nb") -> Facts:
    """The facts a written sentence states (strict: "en" is an article, not a number)."""
    words = ENGLISH_NUMBER_WORDS if language == "en" else NUMBER_WORDS
    sentence = _ENUMERATION.sub("", sentence)  # "2. Kommunen skal …": a list number, no fact
    return _facts(sentence, words, MONTHS, _names(sentence), lenient=False)


def source(passage: str) -> Facts:
    """The facts a passage states (lenient: every way it could say them)."""
    words = {**ENGLISH_NUMBER_WORDS, **NUMBER_WORDS, **ARTICLES_AS_ONE}
    months = {**MONTHS, **MONTH_ABBREVIATIONS}
    every_word = frozenset(w.lower() for w in _WORD.findall(passage))
    return _facts(passage, words, months, every_word, lenient=True)


def capitalised(text: str) -> set[str]:
    """Lowercased words a text writes with a capital ("Hole", "Samnanger", "Kommunestyret")."""
    return {word.lower() for word in _NAME.findall(text)}


def _facts(
    text: str,
    numbers: dict[str, int],
    months: dict[str, int],
    names: frozenset[str],
    lenient: bool,
) -> Facts:
    text = _THOUSANDS.sub("", " ".join(text.split()))
    items: set[Fact] = set()
    shown: dict[Fact, str] = {}

    def add(item: Fact, as_written: str) -> None:
        items.add(item)
        shown.setdefault(item, as_written)

    for match in _DATE.finditer(text):
        day, month, year = (str(int(part)) for part in match.groups())
        add(("day-month", day, month), match.group(0))
        add(("month-year", month, year), match.group(0))
        add(("month", month), match.group(0))
    text = _DATE.sub(" ", text)
    for match in _SECTION.finditer(text):
        first, letter, second, suffix = match.groups()
        ref = f"{int(first)}{(letter or '').lower()}-{int(second)}{(suffix or '').lower()}"
        add(("section", ref), f"§ {match.group(0)}")
        if lenient:  # "2025 – 2037" in a source also states 2037
            items.update({("number", str(int(first))), ("number", str(int(second)))})
    tokens = _WORD.findall(_SECTION.sub(" ", text))
    values = [_number(token, numbers) for token in tokens]
    for i, token in enumerate(tokens):
        lowered = token.lower()
        if values[i] is not None:
            add(("number", values[i]), token)
            unit = UNITS.get(tokens[i + 1].lower()) if i + 1 < len(tokens) else None
            if unit:
                add(("duration", values[i], unit), f"{token} {tokens[i + 1]}")
        month = months.get(lowered)
        if month is None or (lowered == "may" and not _near_digit(values, i)):
            continue
        add(("month", str(month)), token)
        if i and values[i - 1] is not None and tokens[i - 1].isdigit() and int(values[i - 1]) <= 31:
            add(("day-month", values[i - 1], str(month)), f"{tokens[i - 1]}. {token}")
        for j in range(i + 1, min(i + 4, len(tokens))):
            if tokens[j].lower() in months:
                continue
            if tokens[j].isdigit() and len(tokens[j]) == 4:
                add(("month-year", str(month), tokens[j]), f"{token} {tokens[j]}")
                break
            if not (tokens[j].isdigit() and int(tokens[j]) <= 31):
                break  # "February 1, 2037": the day may stand between month and year
    return Facts(frozenset(items), names, shown)


def _number(token: str, words: dict[str, int]) -> str | None:
    if token[0].isdigit():
        return token if "," in token else str(int(token))
    value = words.get(token.lower())
    return None if value is None else str(value)


def _near_digit(values: list[str | None], i: int) -> bool:
    return any(0 <= j < len(values) and values[j] is not None for j in (i - 1, i + 1))


def _names(sentence: str) -> frozenset[str]:
    """Capitalised words not at the start of the sentence (or after a colon)."""
    start = _SENTENCE_START.match(sentence)
    body_start = start.end() if start else 0
    names = set()
    for match in _NAME.finditer(sentence, body_start):
        before = sentence[body_start : match.start()].rstrip()
        if match.start() == body_start or before.endswith((":", "«", '"', "“", "(")):
            continue
        word = match.group(0).lower()
        if word not in NOT_NAMES:
            names.add(word)
    return frozenset(names)


def _has_word(words: frozenset[str], name: str) -> bool:
    """ "Hole" is in a passage that says "Hole" or "Holes"; "Holes" where it says "Hole"."""
    return name in words or f"{name}s" in words or (name.endswith("s") and name[:-1] in words)


def first_cited_statement(text: str) -> str:
    """The first statement that cites a source: up to the end of its first [n]."""
    for line in text.splitlines():
        match = _CITATION.search(line)
        if match:
            return line[: match.end()].lstrip("-*• ").strip()
    return ""


def keeps_lead_facts(quoted: str, written: str, language: str) -> bool:
    """Whether a written answer keeps a number, date or § of the quoted answer's lead.

    The quoted answer's first statement is the one most likely to hold the required fact
    ("innen ett år", "§ 10-1"); a written answer that states none of its facts lost it.
    """
    lead = claimed(_CITATION.sub(" ", first_cited_statement(quoted)), "nb").atoms()
    if not lead:
        return True
    said = claimed(_CITATION.sub(" ", written), language).atoms()
    return bool(lead & said)
