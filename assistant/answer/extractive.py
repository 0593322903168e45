"""Answer without an LLM: lead with the source sentence that answers, then quote more.

The offline floor of the product: nothing is generated, so nothing can be made up. The
first line is the one sentence that answers the question (``lead.py``), in «» and cited;
below it, from the best passages, the window of consecutive sentences that adds most of
what the lead does not say. Every quote is one verbatim stretch of its passage.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from assistant.answer.answer_type import holds_value
from assistant.answer.lead import Lead, choose_lead, is_debris, is_statement, second_part
from assistant.domain import Chunk, Citation, Hit
from assistant.prompts import message
from assistant.retrieval.analysis import terms
from assistant.retrieval.context import breaks_off
from assistant.retrieval.coverage import coverage_of, matches
from assistant.text import LIST_ITEM, word_key

# Sentence ends (not "nr." before its number: "… § 17-2 tredje ledd nr. 1 for bygning …"),
# blank lines, and line starts that open a list item or a bullet.
_BREAK = re.compile(
    r"(?<=[^\d][.!?])(?<!\b[nN]r\.)\s+(?=[«\"(]?[A-ZÆØÅ0-9])"
    r"|\n\s*\n|\n(?=\s*(?:[•\-–»*]|[a-z]\)|\d+\.))"
)
MIN_SENTENCE = 12
WINDOW_CHARS = 420
"""How much one quote may hold: enough for a rule and its condition, short for a reader."""
MIN_WINDOW_CHARS = 200
"""A quote this short (a lone heading) is extended with the sentences that follow it."""
KEEP_SHARE = 0.75
"""Quote a further passage only if its quote, read in place (``_placed_coverage``), covers at
least 75 % as much as the best one: on calibration, mention recall 0.660 → 0.689 with
answers 56 characters shorter (the old rule, 55 % of the quote's own coverage, at any share
held fewer facts at the same length)."""
LEAD_CHARS = 360
LEAD_PAIR_CHARS = 380
"""The lead takes the sentence after it too when both fit in this: an answer often goes on
in its next sentence ("Dette skal gjøres innen 31. desember …"), which shares no word
with the question and so could not be chosen by itself. 300 → 380 led 6 more questions
and 1 fewer across the tuning sets, at about the same answer length (450: no better)."""
DATE_LINE_CHARS = 40
CONTINUATION_CHARS = 560
"""The lead goes on with the sentences that refer back to it ("Dette kan blant annet omfatte
…", "Dette er ikke et krav …"): they finish its thought, up to this length in all."""
_REFERS_BACK = re.compile(
    r"^(dette|disse|desse|slike|slik|denne|dei|de|det|her|da|dermed|derfor|også|this|these"
    r"|such|it|they)\b",
    re.IGNORECASE,
)
LIST_CHARS = 600
"""A lead-in with its list may run longer: the list is the answer."""
LIST_EXTRA_CHARS = 300
"""A quote that reaches a lead-in may run this far past its size for the list it
introduces: «Viktige tilbakemeldingar: […]» says nothing, its items are the answer."""
QUOTE_CHARS = 250
BEST_QUOTE_CHARS = 700
"""The best-ranked passage is quoted at more length than the others: most facts a question
needs that the lead does not hold sit there (on the calibration questions, 30 of 80 missed
facts were in it, outside its quote); the others are quoted shorter, so answers are no longer."""
SECTION_GAP = "\n\n"
SAID_WEIGHT = 0.3
"""Terms the lead already holds count this much when choosing the supporting quotes."""
OTHER_PART_WEIGHT = 0.1
"""A compound question's second part ("…, og hvor lenge varer det?") gets a lead of its
own, chosen with the other part's terms at this weight: on the tuning sets mention recall
+0.9 to +2.4 points, all-mentions +1.3 to +3.2, answers 9–59 characters longer (at 0.3
and 1 fewer facts: the other part's terms outweighed the second part's few)."""


def split_sentences(text: str, heading: str | None = None) -> list[str]:
    """Sentences (or list items, slide lines) of a passage, whitespace-normalised, in order:
    consecutive pieces are consecutive in the source, so a run of them quotes it verbatim.
    A first line that is the passage's ``heading`` is a piece of its own, not the start of
    the first sentence («4.1 Et aldersvennlig Hole Et aldersvennlig samfunn skal …»)."""
    return [" ".join(text[start:end].split()) for start, end in _piece_spans(text, heading)]


def _piece_spans(text: str, heading: str | None = None) -> list[tuple[int, int]]:
    """Where each of ``split_sentences``' pieces stands in ``text`` (start, end)."""
    spans, start = [], 0
    first_line = text.split("\n", 1)[0]
    if heading and "\n" in text and first_line.split() == heading.split():
        spans.append((0, len(first_line)))
        start = len(first_line) + 1
    for match in _BREAK.finditer(text, start):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(start, end) for start, end in spans if text[start:end].strip()]


@dataclass(frozen=True)
class Quote:
    score: float
    text: str
    heading: str = ""
    """The section heading the quote opens under, if it opens the section."""

    def shown(self) -> str:
        """The quote in «», after its heading when it opens its section."""
        return _headed(_quote(self.text), self.heading)


def best_window(
    sentences: Sequence[str],
    weights: dict[str, float],
    max_chars: int = WINDOW_CHARS,
    exclude: Collection[int] = (),
    heading: str | None = None,
) -> Quote:
    """The run of consecutive sentences within ``max_chars`` that covers most terms.

    A run never includes an ``exclude``d sentence (a heading, slide debris, what the answer
    already quoted), so the quote stays one verbatim stretch of the source. Ties go to the
    earliest run, then the shortest. With no term in common (e.g. an English question over
    Norwegian text) the passage's first allowed sentences are quoted. A run too short to
    read goes on to ``MIN_WINDOW_CHARS``; one that reaches a lead-in goes on with the list
    it introduces, up to ``LIST_EXTRA_CHARS`` past ``max_chars``. A run that opens the
    section under ``heading`` (split off as the first sentence) keeps it as its label.
    """
    score, start, end, limit = _best_run(sentences, weights, max_chars, exclude)
    text = _marked_if_cut(_shorten(" ".join(sentences[start:end]), limit))
    return Quote(score, text, _opened(sentences, start, heading))


def _opened(sentences: Sequence[str], start: int, heading: str | None) -> str:
    """The ``heading`` (split off as ``sentences[0]``) when a run from ``sentences[start]``
    opens its section, else ""."""
    return sentences[0] if heading and start == 1 else ""


def _headed(quoted: str, heading: str) -> str:
    """A ``quoted`` text after the heading it opens the section under: the heading says
    where the quote stands and often what it is about («4.1 Et aldersvennlig Hole»), so
    it is shown, quoted, but not glued to the text («… Hole Et aldersvennlig samfunn …»)."""
    return f"({_quote(heading)}) {quoted}" if heading else quoted


def best_span(weights: dict[str, float], text: str, max_chars: int) -> tuple[int, int]:
    """Where ``text``'s best window (``best_window``) stands in it, as (start, end): the
    stretch of a passage that the context hands over when the passage is not its best."""
    spans = _piece_spans(text)
    if not spans:
        return 0, len(text)
    sentences = [" ".join(text[start:end].split()) for start, end in spans]
    _, start, end, _ = _best_run(sentences, weights, max_chars, ())
    return spans[start][0], spans[end - 1][1]


def _best_run(
    sentences: Sequence[str], weights: dict[str, float], max_chars: int, exclude: Collection[int]
) -> tuple[float, int, int, int]:
    """``best_window``'s run: its score, first and past-last sentence, and the length it
    may be shortened to (more than ``max_chars`` for a list)."""
    sentence_terms = [set(terms(sentence)) for sentence in sentences]
    allowed = [
        i not in exclude and len(sentence) >= MIN_SENTENCE for i, sentence in enumerate(sentences)
    ]
    best: tuple[float, int, int] = (0.0, -1, -1)
    for start in range(len(sentences)):
        present: set[str] = set()
        length = 0
        for end in range(start, len(sentences)):
            if end in exclude:
                break
            length += len(sentences[end]) + 1
            if end > start and length > max_chars:
                break
            present |= sentence_terms[end]
            if not allowed[start] or all(s.endswith("?") for s in sentences[start : end + 1]):
                continue  # a question alone answers nothing; a window opens on a sentence
            score = coverage_of(weights, present)
            if score > best[0] + 1e-9:
                best = (score, start, end + 1)
    score, start, end = best
    if start < 0:
        start = next((i for i, ok in enumerate(allowed) if ok), 0)
        end = start + 1
    limit = max_chars
    while end < len(sentences) and end not in exclude:
        length = len(" ".join(sentences[start : end + 1]))
        if _introduces(sentences, start, end) and length <= max_chars + LIST_EXTRA_CHARS:
            end += 1
            limit = max(limit, length)
        elif length <= max_chars and len(" ".join(sentences[start:end])) < MIN_WINDOW_CHARS:
            end += 1
        else:
            break
    return score, start, end, limit


def _introduces(sentences: Sequence[str], start: int, end: int) -> bool:
    """Whether the list item at ``end`` belongs to a lead-in the window holds (nested
    lists: the nearest line that is no item, or an item that ``_leads_in``)."""
    lead_in = next(
        (
            i
            for i in range(end - 1, start - 1, -1)
            if not LIST_ITEM.match(sentences[i]) or sentences[i].endswith(":")
        ),
        None,
    )
    return (
        lead_in is not None
        and _leads_in(sentences[lead_in])
        and bool(LIST_ITEM.match(sentences[end]))
    )


def _leads_in(line: str) -> bool:
    """Whether ``line`` introduces the list items under it: it breaks off (ends in ":", or
    is a heading without a sentence end: "To hoveddeler i Leve hele livet-reformen",
    "**Tidleg innsats og egenmeistring**"), or it is a slide's question ("Hvilke
    sektorplaner er aktuelle?"). «Viktige tilbakemeldingar:» or the heading alone says
    nothing; the items are the answer."""
    return line.endswith("?") or breaks_off(line)


_DANGLING = re.compile(
    r"(\s(og|eller|men|i|for|med|til|av|på|som|at|om|fra|frå|en|et|ei|and|or|of|to|the|a"
    r"|in|with)|:)$",
    re.IGNORECASE,
)
"""A stretch of text that ends in one of these words goes on in the source ("Tiltak for
funksjonshemmede og" + a line break + "Psykiatri/NAV."); one that ends in a colon leaves
out what it introduces."""


def _marked_if_cut(text: str) -> str:
    """``text``, with […] after it when it stops mid-sentence."""
    return f"{text} […]" if _DANGLING.search(text) else text


def _shorten(text: str, max_chars: int) -> str:
    """``text``, or its first ``max_chars`` up to a word, with the omission marked […]."""
    if len(text) <= max_chars * 1.2:
        return text
    return text[:max_chars].rsplit(" ", 1)[0] + " […]"


def citation_for(n: int, hit: Hit, *more: Hit) -> Citation:
    """Source ``n``: ``hit``'s passage, or with ``more`` passages of the same section (see
    ``source_key``) all of them in document order, a gap between them marked […]."""
    hits = sorted([hit, *more], key=lambda h: h.chunk.start)
    excerpt = hits[0].chunk.text
    for before, after in pairwise(hits):
        adjacent = after.chunk.start <= before.chunk.end + len(SECTION_GAP)
        excerpt += SECTION_GAP + ("" if adjacent else "[…]" + SECTION_GAP) + after.chunk.text
    chunk = hits[0].chunk
    return Citation(
        n=n,
        doc_id=chunk.doc_id,
        title=chunk.title,
        section=chunk.section,
        page=chunk.page,
        excerpt=excerpt,
        score=round(max(h.score for h in hits), 4),
        chunk_id=chunk.id,
        version=chunk.version,
    )


def source_key(chunk: Chunk) -> str:
    """What one source number stands for: a § or section (two passages of § 21-3 are one
    source to a reader, not [1] and [2]), or the passage itself where it has no section."""
    return f"{chunk.doc_id}\n{chunk.section}" if chunk.section else chunk.id


def _said_down(weights: dict[str, float], said: str) -> dict[str, float]:
    """``weights`` with the terms ``said`` already holds at ``SAID_WEIGHT``."""
    held = set(terms(said))
    return {t: w * (SAID_WEIGHT if matches(t, held) else 1.0) for t, w in weights.items()}


def _stressed(weights: dict[str, float], part: str) -> dict[str, float]:
    """``weights`` with the terms outside ``part`` of the question at ``OTHER_PART_WEIGHT``."""
    own = set(terms(part))
    return {t: w * (1.0 if matches(t, own) else OTHER_PART_WEIGHT) for t, w in weights.items()}


def _placed_coverage(weights: dict[str, float], text: str, chunk: Chunk) -> float:
    """How much of the question a quote covers, read where it stands: under its document's
    title and section path, as the search indexed it. A window from Hole's welfare plan
    need not say "Hole" or "velferdsplan" itself to be about them."""
    place = " ".join(part for part in (chunk.title, chunk.chapter, chunk.section) if part)
    return coverage_of(weights, set(terms(text)) | set(terms(place)))


def _glued_heading(chunk: Chunk) -> str | None:
    """The passage's section heading when its text opens with it on a line of its own,
    with no blank line after it (as in Hole's planprogram), else None: sentence splitting
    alone would glue it to the first sentence («4.1 Et aldersvennlig Hole Et aldersvennlig
    samfunn …»). A heading set apart by a blank line (a law's §) is split off anyway."""
    first_line, _, rest = chunk.text.partition("\n")
    glued = chunk.section and rest[:1].strip() and first_line.split() == chunk.section.split()
    return chunk.section if glued else None


def _skipped(sentences: list[str], section: str | None) -> set[int]:
    """Indexes of sentences never quoted: the passage's heading line (or a piece of it: "§
    3-9 c. Rådgivende enhet for russaker" is split after "c."), and slide debris, but not
    a date line ("22.03.24 – 03.05.24", no word in it), which answers the line before it."""
    heading = " ".join((section or "").split())
    return {
        i
        for i, s in enumerate(sentences)
        if (s and s in heading) or (is_debris(s) and not _is_date_line(s))
    }


def _quote(text: str) -> str:
    """``text`` in quotation marks (a cut in it is already marked […])."""
    return f"«{text}»"


def _list_items(sentences: list[str], start: int) -> list[str]:
    """The list items from ``start`` on (what a lead-in introduces), up to ``LIST_CHARS``."""
    items: list[str] = []
    length = 0
    for item in sentences[start:]:
        length += len(item)
        if length > LIST_CHARS or not LIST_ITEM.match(item):
            break
        items.append(item)
    return items


def _is_date_line(piece: str) -> bool:
    """A table cell or slide line that is only a date ("Oktober 2025", "22.03.24 –
    03.05.24"): in a milestone table it is the answer to the line before it."""
    return len(piece) <= DATE_LINE_CHARS and holds_value("date", [piece])


def _lead_text(
    sentences: list[str], index: int, skipped: Collection[int], heading: str | None
) -> tuple[str, range]:
    """The lead sentence, with the sentence after it when the two are short and the
    sentences that refer back to it, and the list items when it introduces a list ("…
    baseres på:", a heading over numbered steps), after the heading of the section it
    opens; and the indexes it quotes."""
    label = _opened(sentences, index, heading)
    lead = _shorten(sentences[index], LEAD_CHARS)
    end = index + 1
    if lead != sentences[index]:
        return _headed(_quote(lead), label), range(index, end)
    if not lead.endswith(":"):
        if (
            end < len(sentences)
            and end not in skipped
            and (is_statement(sentences[end]) or _is_date_line(sentences[end]))
            and len(lead) + 1 + len(sentences[end]) <= LEAD_PAIR_CHARS
        ):
            end += 1
        while (
            end < len(sentences)
            and end not in skipped
            and _REFERS_BACK.match(sentences[end])
            and is_statement(sentences[end])
            and len(" ".join(sentences[index : end + 1])) <= CONTINUATION_CHARS
        ):
            end += 1
    text = " ".join(sentences[index:end])
    items = _list_items(sentences, end) if _leads_in(text) else []
    if not items:
        return _headed(_quote(_marked_if_cut(text)), label), range(index, end)
    listed = ", ".join(_quote(LIST_ITEM.sub("", item)) for item in items)
    return _headed(f"{_quote(text)} {listed}", label), range(index, end + len(items))


def _new_to_reader(kept: list[tuple[Hit, Quote]], said: list[str]) -> list[tuple[Hit, Quote]]:
    """``kept`` without the quotes whose words the answer already quotes, in the same order:
    a passage may repeat another's sentence (§ 3-2 a of the health services act holds its
    text twice, in force and in brackets for later; a slide is repeated)."""
    seen = " ".join(word_key(text) for text in said)
    fresh = []
    for hit, quote in kept:
        words = word_key(quote.text)
        if words and f" {words} " in f" {seen} ":
            continue
        fresh.append((hit, quote))
        seen = f"{seen} | {words}"
    return fresh


def _with_closest(
    kept: list[tuple[Hit, Quote]],
    quotes: list[tuple[Hit, Quote]],
    passages: list[Hit],
    led: list[Hit],
) -> list[tuple[Hit, Quote]]:
    """``kept`` with the window of the passage closest to the question in meaning (the
    dense search's best) when the answer quotes nothing of it yet. The quotes are chosen by
    the question's words, and a § that answers in other words has none of them ("Kan avisa
    filme møtet?" is answered by «opptak av … bilde»). Mention recall: test part 0.622 →
    0.641, fresh3 0.610 → 0.673, calibration 0.761 → 0.783, no fact lost on any set; one
    answer in six gets the quote, answers 26–60 characters longer on average."""
    closest = max(passages, key=lambda hit: hit.dense_score or 0.0)
    quoted = {hit.chunk.id for hit in (*led, *(hit for hit, _ in kept))}
    window = next((quote for quote in quotes if quote[0] is closest), None)
    if window is None or closest.chunk.id in quoted:
        return kept
    return sorted([*kept, window], key=lambda quote: passages.index(quote[0]))


class ExtractiveAnswerer:
    """Lead with the source sentence that answers the question, then supporting quotes.

    The first line is the one sentence that answers (``lead.choose_lead``), quoted and
    cited; below it the best window of further passages, each quoted verbatim and cited.
    """

    def __init__(self, max_passages: int = 3) -> None:
        if max_passages <= 0:
            raise ValueError(f"max_passages must be positive, got {max_passages}")
        self.max_passages = max_passages

    def answer(
        self, language: str, hits: Sequence[Hit], weights: dict[str, float], question: str = ""
    ) -> tuple[str, list[Citation]]:
        passages = list(hits[: self.max_passages + 1])
        if not passages:
            return message("not_covered", language), []
        glued = [_glued_heading(hit.chunk) for hit in passages]
        sentences = [
            split_sentences(hit.chunk.text, heading)
            for hit, heading in zip(passages, glued, strict=True)
        ]
        skipped = [
            _skipped(split, hit.chunk.section)
            for hit, split in zip(passages, sentences, strict=True)
        ]

        def lead_for(asked: str, stressed: dict[str, float]) -> Lead | None:
            return choose_lead(
                asked,
                passages,
                sentences,
                stressed,
                lambda p, i: _lead_text(sentences[p], i, skipped[p], glued[p])[0],
                skipped,
            )

        def take(chosen: Lead) -> tuple[Hit, str]:
            """The chosen sentence's quote; its sentences are not quoted again."""
            p = chosen.passage
            text, used = _lead_text(sentences[p], chosen.sentence, skipped[p], glued[p])
            skipped[p] |= set(used)
            return passages[p], text

        cited: dict[str, dict[str, Hit]] = {}
        """Source → its passages, in the order the answer first cites them: [1], [2] …"""

        def cite(hit: Hit) -> int:
            key = source_key(hit.chunk)
            cited.setdefault(key, {})[hit.chunk.id] = hit
            return list(cited).index(key) + 1

        lines = []
        answered: list[tuple[Hit, str]] = []
        """The second part's answer of a compound question, quoted first below the lead."""
        led: list[Hit] = []
        lead = lead_for(question, weights)
        if lead is not None:
            lead_hit, text = take(lead)
            led.append(lead_hit)
            lines.append(f"{message('answer_intro', language)} {text} [{cite(lead_hit)}]")
            # Supporting quotes add what the lead does not already say.
            weights = _said_down(weights, text)
            part = second_part(question)
            part_lead = lead_for(part, _stressed(weights, part)) if part else None
            if part_lead is not None:
                part_hit, part_text = take(part_lead)
                answered.append((part_hit, part_text))
                weights = _said_down(weights, part_text)
        sizes = [BEST_QUOTE_CHARS] + [QUOTE_CHARS] * (len(passages) - 1)
        windows = [
            (hit, best_window(pieces, weights, size, skip, heading))
            for hit, pieces, skip, size, heading in zip(
                passages, sentences, skipped, sizes, glued, strict=True
            )
            if len(skip) < len(pieces)
        ]
        quotes = [
            (hit, replace(window, score=_placed_coverage(weights, window.text, hit.chunk)))
            for hit, window in windows
        ]
        top = max((quote.score for _, quote in quotes), default=0.0)
        kept = [(hit, q) for hit, q in quotes if q.score > 0 and q.score >= KEEP_SHARE * top]
        kept = kept[: self.max_passages - (1 if lead is not None else 0) - len(answered)]
        kept = _with_closest(kept, quotes, passages, [*led, *(hit for hit, _ in answered)])
        kept = _new_to_reader(kept, [*lines, *(text for _, text in answered)])
        if not lines and not kept:  # nothing quotable: quote the best passage's opening
            kept = [
                (
                    passages[0],
                    Quote(0.0, _shorten(" ".join(passages[0].chunk.text.split()), QUOTE_CHARS)),
                )
            ]
        if answered or kept:
            more = message("answer_more" if lines else "answer_intro", language)
            quoted = [*answered, *((hit, q.shown()) for hit, q in kept)]
            bullets = [f"- {text} [{cite(hit)}]" for hit, text in quoted]
            lines.append(more + "\n" + "\n".join(bullets))
        citations = [citation_for(n, *group.values()) for n, group in enumerate(cited.values(), 1)]
        return "\n\n".join(lines), citations
