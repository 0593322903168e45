"""What kind of value a question asks for, and whether the passages hold one at all.

"Hva er lønnen til ordføreren i Hole?" shares its words with many passages about mayors
and Hole, so the term signals say "covered"; but the question asks for an amount, and a
passage without a single amount cannot answer it. Only value types whose form can be
recognised reliably are checked: amounts of money and calendar dates. (A number of people
or a person's name is too often written in words or as a role to be checked this way.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

ValueType = Literal["amount", "date"]

_I = re.IGNORECASE
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_MONEY_NOUN = (
    r"(budsjett\w*|kostnad\w*|pris(en)?|gebyr\w*|lønn(en|a)?|løn(a)?|godtgj\w*|egenandel\w*"
    r"|tilskot\w*|tilskudd\w*|penger|pengar|beløp\w*|budget|cost|price|fee|salary|grant)"
)
_ASKS: dict[ValueType, re.Pattern[str]] = {
    "amount": re.compile(
        r"\b(hva koster|kva kostar|what does .{1,40} cost|hvor mye (?!tid)|kor mykje (?!tid)"
        r"|how much (?!time)|(hva|kva|what) (er|var|is|was) (det|den|the)?\s*(\w+ ){0,2}"
        rf"{_MONEY_NOUN}|(which|what|hvilket|kva) {_MONEY_NOUN})",
        _I,
    ),
    "date": re.compile(r"\b(dato|kva dag|hvilken dag|what date|which date|on what day)\b", _I),
}
_WHEN = re.compile(r"\b(når|kor tid|when|frist\w*|deadline|innen|by when)\b", _I)
"""A question about when something is due asks for a time, not for the amount it names."""
_HOLDS: dict[ValueType, re.Pattern[str]] = {
    "amount": re.compile(
        r"\d[\d .,]*\s*(kr\b|kroner|mill\w*|mrd|milliard\w*|nok\b|%|prosent)|\bkr\.?\s*\d"
        r"|\bG\b|grunnbeløp\w*",
        _I,
    ),
    "date": re.compile(
        rf"\b\d{{1,2}}\.\s*({_MONTHS})|\b\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}\b"
        rf"|\b({_MONTHS})\s+\d{{4}}\b",
        _I,
    ),
}


def asked_value(question: str) -> ValueType | None:
    """The value type ``question`` asks for, if it is one that can be checked."""
    if _WHEN.search(question) and not _ASKS["date"].search(question):
        return None
    for value_type, pattern in _ASKS.items():
        if pattern.search(question):
            return value_type
    return None


def holds_value(value_type: ValueType, texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` contains a value of ``value_type``."""
    pattern = _HOLDS[value_type]
    return any(pattern.search(text) for text in texts)
