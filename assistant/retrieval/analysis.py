"""Words → search terms: lowercase, drop stop words, Norwegian stemming, fold æ/ø/å.

Shared by the BM25 index, sentence scoring and the "is this covered?" check, so that
all three see the same terms. Folding makes OCR-damaged words ("malrettet") meet their
intact form ("målrettet").
"""

from __future__ import annotations

import re
from functools import cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_NORWEGIAN

# "§ 10-1" is a term "10-1"; "12 A-13" keeps "a-13"; plain words otherwise.
_TOKEN = re.compile(r"\d+(?:\s?[a-z]?-\d+)+|\w+")
_WORD = re.compile(r"[\w-]+|[.?!:]")
_LAW_NAME = re.compile(r"\w{3,}lov(?:en|a)?$")
"""A law's name in any form: "vegloven", "vassressurslova", and "vannressurslov" as
Apertium writes a nynorsk law name in bokmål."""
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "è": "e", "ê": "e", "ó": "o"})
PHRASING_WORDS = {
    "hva", "hvem", "hvilke", "hvilken", "hvilket", "slags", "hvordan", "hvorfor", "hvor",
    "når", "kva", "kven", "korleis", "kvifor", "kor", "kvar", "what", "who", "which", "how",
    "why", "when", "ofte", "often",  # "hvor ofte": the kind of answer, not its topic
    "where", "does", "do", "is", "are", "the", "a", "an", "of", "for", "to", "in", "by",
    "si", "sier", "seier", "ifølge", "according", "mean", "means", "betyr",
    "må", "bør", "burde", "måtte",  # modal verbs the stop-word list lacks ("skal" is in it)
    "egentlig", "eigentleg", "altså", "forresten", "liksom", "actually", "really",
    "basically",  # hedges: rare in the sources, so they outweighed the topic
    "vårt", "våre", "mye",  # forms of "vår" and "mykje" the stop-word list lacks
    "får", "fikk",  # telling the situation ("pleien moren fikk"), not the topic
    "få", "fått", "hatt",  # the other forms of "få", and of "ha" ("har", "hadde" are in it)
}  # fmt: skip
"""How a question is put, not what it is about: question words, verbs and forms the
stop-word lists lack (``follow_up_words.QUESTION_WORDS`` are the question words alone)."""
STOPWORDS = frozenset(STOPWORDS_NORWEGIAN) | frozenset(STOPWORDS_EN) | PHRASING_WORDS


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


def fold(word: str) -> str:
    """ASCII-fold, and spell nynorsk "teneste" and bokmål "tjeneste" alike."""
    return word.translate(_FOLD).replace("tjenest", "tenest")


def terms(text: str) -> list[str]:
    """Search terms of ``text`` in order, duplicates kept (BM25 counts them)."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
    return [fold(stem) for stem in _stemmer().stemWords(words)]


def law_stem(name: str) -> str | None:
    """The folded stem a law name is written with in any form ("Vegloven" → "veglov",
    "plan- og bygningslova" → "bygningslov"), or None when ``name`` names no law. The
    stemmer cuts a law name to its first part ("vegloven" → "veg"), which every text about
    roads holds, so law names are matched by this instead."""
    word = name.lower()
    if not _LAW_NAME.match(word):
        return None
    return fold(word.removesuffix("en").removesuffix("a"))


def names_in(question: str, not_names: frozenset[str] = frozenset()) -> list[str]:
    """Proper names, law names and numbers in ``question``: a capitalised word that does not
    open a sentence, a word ending in -loven/-lova, a number. ``not_names``: capitalised
    words that are no names (English title case: "Act", "Planning")."""
    found, opens_sentence = [], True
    for word in _WORD.findall(question):
        if word in ".?!:":
            opens_sentence = True
            continue
        lowered = word.lower()
        capitalised = word[:1].isupper() and not opens_sentence
        is_name = capitalised or word[:1].isdigit() or bool(_LAW_NAME.match(lowered))
        if is_name and lowered not in STOPWORDS and lowered not in not_names:
            found.append(word)
        opens_sentence = False
    return found
