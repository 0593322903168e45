"""Tell bokmål, nynorsk and English apart, to answer in the asker's language.

Questions are short, so a statistical detector has little to go on; marker words that
only one of the three uses decide instead ("kva", "ikkje" → nn; "hva", "ikke" → nb).
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["nb", "nn", "en"]

# fmt: off
_MARKERS: dict[Language, frozenset[str]] = {
    "nn": frozenset("""
        berre dei desse difor dykk eg eige eigen eigne ein einskilde eit frå gjer
        gjere heile helsetenester ikkje innbyggjarar kjelde kjeldene kommunane kor
        korleis kva kvar kvarandre kvart kven kvifor ligg likevel me meir mykje
        noko nokon nokre omsorgstenestene pliktar politikarane politikarar saman seier
        sjukeheim sjukeheimen sjå sjølv skule skulen tenestene tenester treng
        utfordringane vart verksemd verksemda vere vert viktigaste vore òg
    """.split()),
    "nb": frozenset("""
        bare blir de dere derfor disse egen eget egne en et fra gjøre hele hva hvem
        hverandre hvert hvilke hvilken hvor hvordan hvorfor ikke innbyggere jeg kilde
        kildene ligger mer mye noe noen omsorgstjenestene politikere sammen se selv sier
        skolen sykehjem sykehjemmet tjenestene tjenester trenger utfordringene
        viktigste virksomhet virksomheten være
    """.split()),
    "en": frozenset("""
        about adopt adopts and any are been can could council did do does has have how
        is it its municipal municipality must of our people planning program programme
        required requires should strategy that the their there they this was we were
        what when where which who whom why will with would you
    """.split()),
}
# fmt: on
_WORD = re.compile(r"[a-zæøåéèêòóô]+")


_QUESTION_WORDS = frozenset(
    "kva kven korleis kvifor kor kvar hva hvem hvordan hvorfor hvor what who how why where".split()
)
"""A question word says more than a word inside a name ("Leve hele livet"): it counts twice."""


_QUOTED = re.compile(r"«[^«»]*»|\"[^\"]*\"|“[^“”]*”")
"""A quoted title or name ("Which websites does the course («Hva er en virksom plan?»)
recommend?") is in its own language, not the asker's."""


def detect_language(text: str, default: Language = "nb") -> Language:
    """The most likely of nb / nn / en, read outside quotation marks (inside them when
    nothing outside tells); ties and empty text give ``default``."""
    scores = _marker_scores(_QUOTED.sub(" ", text))
    if not any(scores.values()):
        scores = _marker_scores(text)
    best = max(scores.values())
    if best == 0:
        return default
    winners = [lang for lang, score in scores.items() if score == best]
    return default if len(winners) > 1 and default in winners else winners[0]


def _marker_scores(text: str) -> dict[Language, int]:
    """Each language's marker words in ``text``, a question word counting twice."""
    words = _WORD.findall(text.lower())
    return {
        lang: sum((2 if word in _QUESTION_WORDS else 1) for word in words if word in markers)
        for lang, markers in _MARKERS.items()
    }
