"""Text cleaning: make extracted text uniform before offsets are computed, repair OCR damage.

Everything here works on plain strings, so loaders, search and tests share one definition of
"clean text".
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from itertools import combinations

_INVISIBLE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u2060": None,  # word joiner
        "\ufeff": None,  # byte-order mark / zero-width no-break space
    }
)
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\n(?=([^\W\d_]+))")
_KEEP_HYPHEN_BEFORE = frozenset({"og", "eller"})  # "helse- og omsorg", "plan- eller byggesak"
_SPACES = re.compile(r"[ \t]+")
_TRAILING_SPACES = re.compile(r"[ \t]+$", re.MULTILINE)
_MANY_NEWLINES = re.compile(r"\n{3,}")
# A blank line inside a sentence: the line before ends mid-sentence and the next goes on
# in lower case ("… utarbeides en\n\nhelse- og omsorgsplan"), as some PDF-to-text tools
# write every wrapped line as its own paragraph. A list item "a) …" is not a continuation.
_WRAPPED_LINE = re.compile(r"(?<=[^\W_]|[,\-–]) *\n(?: *\n)+ *(?=[a-zæøå](?!\)))")
_WORD = re.compile(r"\w+")
# HTML left in exported text (a web page's table cells: "<p>Vi skal …</p>"). Only known tag
# names, so "< 50 000 innbyggjarar" stays text. A block ends a line; an inline tag vanishes.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|ul|ol|li|br|h[1-6]|table|thead|tbody|tr|td|th|blockquote)\b[^<>]*>", re.I
)
_INLINE_TAG = re.compile(r"</?(?:a|b|i|u|em|strong|span|sub|sup|small|font)\b[^<>]*>", re.I)
_NORDIC_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})

# OCR confusions seen in the corpus, as (damaged, correct) pairs on lowercase text:
# Baerekraftig, leering/neering/veere, lgsninger/prgving, malrettet/Arlig.
_OCR_CONFUSIONS = (
    ("ae", "æ"),
    ("ee", "æ"),
    ("e", "æ"),
    ("oe", "ø"),
    ("o", "ø"),
    ("g", "ø"),
    ("aa", "å"),
    ("a", "å"),
)


def _join_hyphenated(match: re.Match[str]) -> str:
    following = match.group(1)
    if following[0].islower() and following not in _KEEP_HYPHEN_BEFORE:
        return ""
    return match.group(0)


def normalise_text(text: str) -> str:
    """Normalise Unicode and whitespace so equal text is equal bytes, PDF line breaks and
    leftover HTML markup vanish.

    >>> normalise_text("plan-\\nlegging  og helse-\\nog omsorg \\n\\n\\n\\nSlutt")
    'planlegging og helse-\\nog omsorg\\n\\nSlutt'
    >>> normalise_text("skal utarbeides en \\n\\nhelse- og omsorgsplan.\\n\\nNeste avsnitt")
    'skal utarbeides en helse- og omsorgsplan.\\n\\nNeste avsnitt'
    >>> normalise_text("Tiltak\\t<p>Vi skal <i>prøve</i> ut &amp; lære.</p>\\t<p>Neste.</p>")
    'Tiltak\\nVi skal prøve ut & lære.\\n\\nNeste.\\n'
    """
    text = _INLINE_TAG.sub("", _BLOCK_TAG.sub("\n", text))
    text = unicodedata.normalize("NFC", html.unescape(text)).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _HYPHEN_BREAK.sub(_join_hyphenated, text)
    text = _WRAPPED_LINE.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _TRAILING_SPACES.sub("", text)
    return _MANY_NEWLINES.sub("\n\n", text)


def fold_nordic(text: str) -> str:
    """Fold æ/ø/å to ae/o/a so search matches words whose letters OCR lost."""
    return text.translate(_NORDIC_FOLD)


def _with_case_of(original: str, word: str) -> str:
    if original.isupper():
        return word.upper()
    if original[0].isupper():
        return word[0].upper() + word[1:]
    return word


def _substitutions(word: str) -> list[tuple[int, int, str]]:
    """Every place a confusion could apply, in text order: (start, end, replacement)."""
    return sorted(
        (match.start(), match.start() + len(damaged), correct)
        for damaged, correct in _OCR_CONFUSIONS
        for match in re.finditer(f"(?={damaged})", word)
    )


def _candidates(word: str) -> Iterator[str]:
    """Spellings reachable from ``word`` by one or two non-overlapping OCR confusions."""
    subs = _substitutions(word)
    for chosen in [*((s,) for s in subs), *combinations(subs, 2)]:
        if len(chosen) == 2 and chosen[0][1] > chosen[1][0]:
            continue  # overlapping substitutions
        out, pos = [], 0
        for start, end, correct in chosen:
            out += [word[pos:start], correct]
            pos = end
        yield "".join(out) + word[pos:]


class OcrRepairer:
    """Undo OCR's lost æ/ø/å, but only towards words attested in clean documents.

    A word is changed only when it is unknown and exactly one OCR confusion turns it into a
    known word, so ambiguous or already-correct words are never touched.

    >>> repairer = OcrRepairer.from_texts(["Bærekraftig utvikling og gode løsninger"])
    >>> repairer.repair("Baerekraftig utvikling, gode lgsninger")
    'Bærekraftig utvikling, gode løsninger'
    """

    def __init__(self, vocabulary: Collection[str]) -> None:
        self.vocabulary = frozenset(word.lower() for word in vocabulary)
        self._cache: dict[str, str] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 1) -> OcrRepairer:
        """Learn the vocabulary from correctly spelled texts (words seen ``min_count`` times)."""
        counts = Counter(word.lower() for text in texts for word in _WORD.findall(text))
        return cls([word for word, count in counts.items() if count >= min_count])

    def repair(self, text: str) -> str:
        return _WORD.sub(self._repair_match, text)

    def _repair_match(self, match: re.Match[str]) -> str:
        word = match.group(0)
        if word not in self._cache:
            self._cache[word] = self._repair_word(word)
        return self._cache[word]

    def _repair_word(self, word: str) -> str:
        lower = word.lower()
        if len(word) < 2 or lower in self.vocabulary or not lower.isalpha():
            return word
        known = {c for c in _candidates(lower) if c in self.vocabulary}
        return _with_case_of(word, known.pop()) if len(known) == 1 else word
