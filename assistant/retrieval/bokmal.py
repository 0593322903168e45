"""Read a nynorsk question in bokmål for the search, with Apertium's nno→nob translator.

Most sources are in bokmål, and the stemmer and term statistics are bokmål's: a nynorsk
question ("Kva må samarbeidsavtalen med helseføretaket innehalde?") misses the words the
passages use ("helseforetaket", "inneholde"). Apertium (Debian's ``apertium-nno-nob``,
installed by ``make``) is a rule-based translator for exactly this pair, runs offline and
keeps terms and § numbers as they are; proper names are passed through untranslated (it
would read the municipality "Hole" as the word "hole" and write "Hule"). Without it the
question is searched as written. The answer is still given in nynorsk; only the search
reads the bokmål. Some sources are in nynorsk, though, so BM25 also gets the words the
translation changed ("arbeidsverkstaden", "heile"): ``lost_in_translation``.

Each call starts Apertium (about 0.8 s on this machine; its null-flush mode gave no
output through the ``apertium`` wrapper), so translations are cached per question.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

from assistant.retrieval.analysis import law_stem, names_in

APERTIUM = "apertium"
PAIR = "nno-nob"
TIMEOUT_S = 10.0
_NYNORSK_LAW = re.compile(r"lova$", re.IGNORECASE)


def available() -> bool:
    return shutil.which(APERTIUM) is not None


@lru_cache(maxsize=1024)
def to_bokmal(text: str) -> str:
    """``text`` in bokmål, or ``text`` itself when Apertium is missing or fails.

    Unknown words are passed on unmarked (``-u``) so they are searched as written; each
    name, and each law's name, is swapped for a placeholder Apertium does not know, and
    swapped back after (it writes "helse- og omsorgstenestelova" as "… omsorgtjenestelov",
    a law no passage names, so the question was declined); a law's name in its bokmål
    form ("folkehelselova" → "folkehelseloven"), as Apertium would write it.
    """
    if not available():
        return text
    kept = {name for name in names_in(text) if name[:1].isupper() or law_stem(name)}
    names = sorted(kept, key=len, reverse=True)
    protected = text
    for number, name in enumerate(names):
        protected = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", _placeholder(number), protected)
    try:
        done = subprocess.run(
            [APERTIUM, "-u", PAIR],
            input=protected,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return text
    translated = " ".join(done.stdout.split())
    for number, name in enumerate(names):
        translated = translated.replace(_placeholder(number), _NYNORSK_LAW.sub("loven", name))
    return translated or text


def _placeholder(number: int) -> str:
    """A word no dictionary has, so Apertium passes it through as it is."""
    return f"Qqz{number}x"


def searchable(question: str, language: str) -> str:
    """The text to search for ``question``: bokmål for a nynorsk question."""
    return to_bokmal(question) if language == "nn" else question


_WORDS = re.compile(r"[^\W\d_]+")


def lost_in_translation(question: str, search_text: str) -> str:
    """The words of ``question`` that its search text (``searchable``) does not have, for
    BM25 to search as well ("" when nothing was translated).

    >>> lost_in_translation("Kva gjer arbeidsverkstaden?", "Hva gjør arbeidsverkstedet?")
    'Kva gjer arbeidsverkstaden'
    """
    kept = {word.lower() for word in _WORDS.findall(search_text)}
    words = dict.fromkeys(word for word in _WORDS.findall(question) if word.lower() not in kept)
    return " ".join(words)
