"""How much of a question a passage covers: IDF-weighted question terms found in it.

Shared by reranking, the "is this covered?" decision and quote selection, so all three
weigh the question's words alike. Rare terms weigh most, so "fiskekvoter i Barentshavet"
is not covered by passages that only share "reglene". Terms also match on a long shared
prefix, so bokmål "politikere" meets nynorsk "politikarar".
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from functools import lru_cache

from assistant.domain import Chunk, Hit, indexed_text
from assistant.retrieval.analysis import fold, law_stem, terms
from assistant.retrieval.glossary import bridge_terms
from assistant.retrieval.sections import citing_words
from assistant.retrieval.store import IndexStore

MIN_SHARED_PREFIX = 5
PREFIX_SHARE = 0.7
"""Two terms match when they share ≥ 70 % of the shorter one (and ≥ 5 letters) as prefix."""
MIN_STEM = 4
MAX_ENDING = 3
"""A stem of at least 4 letters matches a term that adds at most 3 (an ending, not a
compound: "plan" does not match "planstrategi")."""
MIN_HEAD = 6
"""The shortest term that counts as found at the end of a compound ("attest" in
"politiattest"); shorter ones ("plan", "lov") end too many compounds that are not about
them."""
UNSEEN_WEIGHT = 0.5
"""A word the corpus never uses is more often phrasing ("illustrerer", "nevner") than the
topic, so it counts half; a topic the corpus lacks ("fiskekvoter") still weighs enough."""
MIN_SOURCE_SPELLING = 6
"""The shortest nynorsk term ``with_source_spelling`` adds ("verksemd", "aldersvenn")."""
CITING_WEIGHT = 0.1
"""The words of the law a question cites a § of ("plan- og bygningsloven § 10-1") name
where to look (``sections``), not the topic: they count little."""
MIN_GENITIVE = 2
"""A name this short keeps its final s ("Os" is a municipality)."""
UNBRIDGED_ENGLISH_WEIGHT = 0.2
"""An English word neither the corpus nor the glossary knows ("football", "swimming") may
be the topic the sources lack, or just English phrasing: it counts a little."""


def term_weights(store: IndexStore, question: str, language: str = "nb") -> dict[str, float]:
    """IDF weight of each question term; terms the corpus never uses count less.

    An English question also gets the Norwegian words the glossary bridges it to; its own
    English words can never occur in the Norwegian passages, so unseen ones count only
    ``UNBRIDGED_ENGLISH_WEIGHT``.
    """
    own = set(terms(question))
    unseen = UNSEEN_WEIGHT
    if language == "en":
        own |= set(terms(bridge_terms(question, language)))
        unseen = UNBRIDGED_ENGLISH_WEIGHT
    cited_law = citing_words(question)
    citing = set(terms(cited_law)) | set(terms(bridge_terms(cited_law, language)))
    return {
        term: store.idf(term)
        * (1.0 if store.seen(term) else unseen)
        * (CITING_WEIGHT if term in citing else 1.0)
        for term in own
    }


def with_source_spelling(
    weights: dict[str, float], store: IndexStore, lost_words: str, language: str
) -> dict[str, float]:
    """``weights`` plus the question's own words its bokmål reading replaced
    (``bokmal.lost_in_translation``), for choosing what to quote: a nynorsk slide says
    "verksemd", not the "virksomhet" the search read. Not for the decline check, whose
    bounds are fitted on the bokmål terms alone. A word a bokmål term already matches
    ("medlemer" by "medlemmer") is not counted twice, and short ones are left out: they
    are the nynorsk little words ("ei", "gjer", "heile") that made answers longer and
    cite more passages outside the question's documents."""
    added = {
        term: weight
        for term, weight in term_weights(store, lost_words, language).items()
        if len(term) >= MIN_SOURCE_SPELLING and not matches(term, weights)
    }
    return {**weights, **added} if added else weights


def matches(term: str, candidates: Collection[str]) -> bool:
    """Exact, a long enough shared prefix (inflection, nynorsk/bokmål spelling), or a short
    stem that another term extends by an inflection ("vedt" of "vedta" in "vedtatt")."""
    if term in candidates:
        return True
    for other in candidates:
        shortest, longest = sorted((term, other), key=len)
        needed = max(MIN_SHARED_PREFIX, math.ceil(PREFIX_SHARE * len(shortest)))
        if len(shortest) >= needed and term[:needed] == other[:needed]:
            return True
        if (
            len(shortest) >= MIN_STEM
            and longest.startswith(shortest)
            and len(longest) - len(shortest) <= MAX_ENDING
        ):
            return True
    return False


def compound_heads(question_terms: Collection[str], present: Collection[str]) -> set[str]:
    """The ``question_terms`` that end a compound among ``present``: Norwegian writes
    compounds as one word, so the law's "politiattesten" holds the question's "attesten".
    Only for the decline check: in reranking and quoting it moved answers both ways."""
    return {
        term
        for term in question_terms
        if len(term) >= MIN_HEAD
        and any(len(other) > len(term) and other.endswith(term) for other in present)
    }


def coverage_of(weights: dict[str, float], present: Collection[str]) -> float:
    """Weighted share of the question's terms among ``present`` terms (0 when no weights)."""
    total = sum(weights.values())
    if total == 0:
        return 0.0
    return sum(weight for term, weight in weights.items() if matches(term, present)) / total


@lru_cache(maxsize=16384)
def passage_terms(chunk: Chunk) -> frozenset[str]:
    """The search terms of a chunk as indexed (with title and section path); a chunk never
    changes, so reranking and the decline check stem each one once."""
    return frozenset(terms(indexed_text(chunk)))


def holds_name(name: str, present: Collection[str], hits: Sequence[Hit]) -> bool:
    """Whether ``hits`` (whose search terms are ``present``) name ``name``: a law by its
    stem anywhere in their text, any other name by its search terms (a name without any,
    such as "Å", counts as named), also without a genitive s: the stemmer leaves "FNs"
    whole, the sources write "FN's"."""
    stem = law_stem(name)
    if stem is not None:
        return any(stem in fold(indexed_text(hit.chunk).lower()) for hit in hits)
    own = terms(name)
    if not own:
        return True
    genitive = name.endswith("s") and len(name) > MIN_GENITIVE
    forms = [own, terms(name[:-1])] if genitive else [own]
    return any(matches(term, present) for form in forms for term in form)
