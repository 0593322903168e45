"""Turn a follow-up ("og når må den være vedtatt?") into a question that stands alone.

Retrieval sees one question at a time, so a follow-up must carry its topic. Only a real
follow-up is rewritten: one that opens with "hva med" / "what about", or has no topic of
its own (after question words, verbs, pronouns and aspect words such as "fristen" or
"høringsfristen" nothing is left). "Hva er kommuneplanens samfunnsdel?" stands alone,
whatever came before.

Without an LLM the previous question's topic (its noun phrase, "planstrategien") takes
the place of the pronoun ("Når må planstrategien være vedtatt?"), or is added
("Hva er fristen for planstrategien?"); after "høringsfristen for planprogrammet" a
pronoun stands for the owner ("Hvem vedtar planprogrammet?"). "hva med arealdelen?"
swaps a part in and keeps the owner ("kommuneplanens arealdel"). With an LLM the model
rewrites the question (prompts/rewrite.md), and the rule is used when its rewrite loses
the question or runs on.

>>> standalone_question("og når må den være vedtatt?", ["Hvem vedtar planstrategien?"])
'Når må planstrategien være vedtatt?'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from assistant.answer.follow_up_words import (
    AFTER_OWNER,
    AUXILIARIES,
    COMMON_PRONOUNS,
    COMPOUND_HEADS,
    CONNECTIVES,
    DEFINITE,
    DETERMINERS,
    ELLIPTIC_STARTS,
    INDEFINITE,
    KINDS,
    MIN_COMPOUND_FIRST,
    MODALS,
    NEUTER_PRONOUNS,
    NOT_VERBS,
    OWNER_PREPOSITIONS,
    PART,
    PASSIVE,
    PLAN_KIND,
    PLURAL_ASPECT,
    PLURAL_PRONOUNS,
    PREPOSITIONS,
    PRONOUNS,
    QUESTION_WORDS,
    TRANSITIVE,
    VERBS,
    WHICH,
)
from assistant.language import detect_language
from assistant.prompts import render
from assistant.retrieval.analysis import terms
from assistant.retrieval.coverage import matches

_TOKEN = re.compile(
    r"§+\s*\d+(?:\s?[a-z])?(?:\s?[-–]\s?\d+[a-z]?)?|\d+(?:[.,:-]\d+)*"
    r"|[^\W\d_]+(?:-[^\W\d_]+)*-?",
    re.IGNORECASE,
)


@dataclass
class _Token:
    text: str
    start: int
    end: int
    kind: str = "content"
    """question, frame, verb, pronoun, det, prep, joiner, aspect, function or content."""

    @property
    def lower(self) -> str:
        return self.text.lower()


def _tokens(question: str) -> list[_Token]:
    """The words of a question, each classed by what it does there."""
    tokens = [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(question)]
    english = detect_language(question) == "en"
    modal = any(t.lower in MODALS for t in tokens)
    for i, token in enumerate(tokens):
        after = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        infinitive_last = modal and not after and i > 0 and tokens[i - 1].kind == "content"
        token.kind = _kind(token.lower, tokens[i - 1] if i else None, after, english)
        if token.kind == "content" and infinitive_last and token.lower.endswith("e"):
            token.kind = "verb"  # "Hva skal planen inneholde?"
    for token, after in zip(tokens, [*tokens[1:], None], strict=True):
        alone = after is None or after.kind not in ("content", "aspect", "function", "det")
        if token.lower in PRONOUNS and token.kind == "det" and alone:  # not "den nye planen"
            token.kind = "pronoun"
    return tokens


def _kind(word: str, before: _Token | None, after: str, english: bool) -> str:
    previous = before.lower if before else ""
    if word in QUESTION_WORDS and (before is None or before.kind in ("prep", "joiner")):
        return "question"
    if word in AUXILIARIES or word in VERBS:
        return "verb"
    if before is not None and before.kind == "question" and _frame(previous, after):
        return "frame"  # "hvilke krav …": the noun belongs to the question
    if word not in NOT_VERBS and (
        (before is not None and before.kind in ("question", "frame"))  # the finite verb
        or previous in PASSIVE  # "vere vedteken", "be adopted"
        or previous == "å"
        or _verb_form(word, after, english)
    ):
        return "verb"
    for kind, words in KINDS:
        if word in words:
            return kind
    if not english and _compound_aspect(word):
        return "aspect"
    return "content"


def _compound_aspect(word: str) -> bool:
    return any(
        word.endswith(head) and len(word) - len(head) >= MIN_COMPOUND_FIRST
        for head in COMPOUND_HEADS
    )


def _frame(question_word: str, after: str) -> bool:
    """Whether a noun follows: "hvilke krav"; "what deadline" only when a verb comes next."""
    return question_word in WHICH or after in AUXILIARIES or after in VERBS


def _verb_form(word: str, after: str, english: bool) -> bool:
    """Passive "sendes" (not genitive "kommunes plan"), "sendast", English "adopted"."""
    if english:
        return len(word) >= 5 and word.endswith("ed")
    if len(word) >= 6 and word.endswith("ast"):
        return True
    if len(word) >= 5 and word.endswith("es") and not word.endswith("ss"):
        return after in ("", *AUXILIARIES, *VERBS, *PREPOSITIONS, *DETERMINERS)
    return False


def _topical(tokens: list[_Token]) -> list[_Token]:
    return [t for t in tokens if t.kind == "content"]


def _opening(question: str, phrases: Sequence[str]) -> str | None:
    lowered = question.strip().lower()
    for phrase in sorted(phrases, key=len, reverse=True):
        if lowered == phrase or re.match(re.escape(phrase) + r"\b", lowered):
            return phrase
    return None


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on the previous one: "hva med …", or no topic of its own."""
    if _opening(question, ELLIPTIC_STARTS):
        return True
    rest = _without_connective(question)
    tokens = _tokens(rest)
    if not _topical(tokens):
        return True  # "og hvem vedtar den?", "Hva er fristen?", "Who adopts it?"
    # "og kommuneplanen?" has a topic but asks nothing of its own
    return rest != question.strip() and not any(t.kind in ("verb", "question") for t in tokens)


def _without_connective(question: str) -> str:
    """The question without its opening "og", "men", "and" …"""
    connective = _opening(question, CONNECTIVES)
    question = question.strip()
    return question[len(connective) :].strip(" ,") if connective else question


@dataclass(frozen=True)
class Topic:
    """The noun phrase a question is about, with where it stands in that question."""

    question: str
    start: int
    end: int
    core_start: int
    """Where the phrase starts without a leading aspect ("fristen for planstrategien")."""

    @property
    def phrase(self) -> str:
        return self.question[self.start : self.end]

    @property
    def core(self) -> str:
        return self.question[self.core_start : self.end]


def topic_of(question: str) -> Topic | None:
    """The first noun phrase with a topic word, with its prepositional tail."""
    tokens = _tokens(question)
    first = next((i for i, t in enumerate(tokens) if t.kind in ("content", "aspect")), None)
    if first is None or not _topical(tokens):
        return None
    start = first
    while start > 0 and tokens[start - 1].kind == "det":
        start -= 1
    end, core = first, None
    for i in range(first, len(tokens)):
        kind = tokens[i].kind
        if kind in ("content", "aspect"):
            end = i
            if kind == "content" and core is None:
                core = i
        elif kind not in ("det", "prep", "joiner", "function"):
            break
    core = first if core is None else core
    while core > start and tokens[core - 1].kind == "det":
        core -= 1
    return Topic(question, tokens[start].start, tokens[end].end, tokens[core].start)


def rule_rewrite(question: str, previous_questions: Sequence[str]) -> str:
    """Carry the topic of the latest previous question that has one into ``question``."""
    topic = next(
        (t for q in reversed(previous_questions[-3:]) if (t := topic_of(q)) is not None), None
    )
    if topic is None:
        return question
    english = detect_language(question) == "en"
    elliptic = _opening(question, ELLIPTIC_STARTS)
    body = (question.strip() if elliptic else _without_connective(question)).rstrip(" ?.!")
    tokens = _tokens(body)
    rest = body[len(elliptic) :] if elliptic else body
    asks = any(t.kind in ("verb", "question") for t in _tokens(rest))
    own = topic_of(rest) if elliptic or not asks else None
    if own is not None and _plan_kind(own.core) and _plan_kind(topic.core):
        # "hva med kommuneplanen?" after "Hvem vedtar planstrategien?": same question, new plan
        previous = topic.question.strip()
        swapped = previous[: topic.core_start] + _swapped_in(own, topic) + previous[topic.end :]
        return _capital(swapped)
    pronoun = next((t for t in tokens if t.kind == "pronoun"), None)
    if pronoun is not None and own is None:  # "når må den være vedtatt" → "… planstrategien …"
        phrase = _definite(_referent(topic, pronoun), english)
        return _capital(body[: pronoun.start] + phrase + body[pronoun.end :]) + "?"
    if tokens and tokens[-1].kind == "verb" and tokens[-1].lower in TRANSITIVE:
        return _capital(f"{body} {_definite(topic.core, english)}") + "?"  # "og hvem vedtar?"
    return _capital(f"{body} for {_definite(topic.core, english)}") + "?"


def _referent(topic: Topic, pronoun: _Token) -> str:
    """What a pronoun stands for: after "Hva er høringsfristen for planprogrammet?",
    "hvem vedtar det?" asks about the planprogram, the owner of the aspect, since "det"
    cannot stand for "fristen". A pronoun that could stand for the aspect ("og når utløper
    den?", "and who sets them?" after "the requirements") keeps the whole phrase, the
    reading that loses nothing."""
    lead = _tokens_between(topic.question, topic.start, topic.core_start)  # "fristen for"
    aspect = next((t.lower for t in lead if t.kind == "aspect"), None)
    if aspect is None or lead[-1].lower not in OWNER_PREPOSITIONS:
        return topic.phrase  # no aspect, or none owned: "formålet med planprogrammet"
    return topic.phrase if _could_mean(pronoun.lower, aspect) else topic.core


def _could_mean(pronoun: str, aspect: str) -> bool:
    """Whether ``pronoun`` agrees with ``aspect`` in number and, in Norwegian, gender:
    "det" with "innholdet" (neuter), "den"/"han" with "fristen", "dem"/"them" with
    "kravene"/"requirements", "it" with any singular English aspect."""
    plural = PLURAL_ASPECT.search(aspect) is not None
    if pronoun in PLURAL_PRONOUNS:
        return plural
    if pronoun in NEUTER_PRONOUNS:
        return aspect.endswith("et")
    if pronoun in COMMON_PRONOUNS:
        return aspect.endswith(("en", "a"))
    return not plural  # "it", "this", "that"


def _plan_kind(phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(words) and bool(PLAN_KIND.search(words[-1]) or PART.search(words[-1]))


def _swapped_in(own: Topic, topic: Topic) -> str:
    """``own`` as it takes ``topic``'s place: a part with no owner of its own gets the
    owner ``topic`` named ("hva med arealdelen?" after "kommuneplanens samfunnsdel")."""
    part = PART.search(own.core.lower())
    if part is None or any(_owner(own)):
        return own.core
    before, after = _owner(topic)
    if after:
        return f"{own.core} {after}"  # "arealdelen for kommuneplanen"
    if not before:
        return own.core
    core = _tokens_between(own.question, own.core_start, own.end)
    words = [t for t in core if t.kind != "det"]  # "kommuneplanens nye …"
    bare = own.question[words[0].start : own.end] if words else own.core
    ending = part.group(1)
    return f"{before} {bare[: len(bare) - len(ending)]}{AFTER_OWNER.get(ending, ending)}"


def _owner(topic: Topic) -> tuple[str, str]:
    """What owns the topic's head: a possessive before it ("kommuneplanens samfunnsdel",
    "the municipality's …") and a prepositional phrase after it ("… for kommuneplanen")."""
    tokens = _tokens_between(topic.question, topic.core_start, topic.end)
    english = detect_language(topic.question) == "en"
    before = after = ""
    for token, following in pairwise(tokens):
        if following.kind == "content" and _genitive(token, topic.question, english):
            before = topic.question[topic.core_start : token.end]
    owned = next((t for t in tokens[1:] if t.lower in OWNER_PREPOSITIONS), None)
    if owned is not None and _plan_kind(topic.question[topic.core_start : owned.start]):
        after = topic.question[owned.start : topic.end]  # not "utarbeidelsen av planen"
    return before, after


def _tokens_between(question: str, start: int, end: int) -> list[_Token]:
    """The tokens of ``question[start:end]``, classed as they stand in the whole question."""
    return [t for t in _tokens(question) if start <= t.start and t.end <= end]


def _genitive(token: _Token, question: str, english: bool) -> bool:
    """ "kommuneplanens", "Holes", "municipality's"; not "felles"."""
    if question[token.start - 1 : token.start] in ("'", "’"):
        return token.lower == "s"
    stem = token.text[:-1]
    definite = DEFINITE.search(stem.lower()) is not None
    return not english and token.lower.endswith("s") and (definite or stem.istitle())


def _definite(phrase: str, english: bool) -> str:
    """ "en kommunal planstrategi" stands for "den": drop (or, in English, fix) the article."""
    first, _, rest = phrase.partition(" ")
    if rest and first.lower() in INDEFINITE:
        return f"the {rest}" if english else rest
    return phrase


def _capital(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def standalone_question(
    question: str,
    previous_questions: Sequence[str],
    complete: Callable[[str], str] | None = None,
) -> str:
    """The question to retrieve with; exactly ``question`` unless it is a follow-up."""
    if not previous_questions or not is_follow_up(question):
        return question
    rule = rule_rewrite(question, previous_questions)
    if complete is None:
        return rule
    history = "\n".join(f"- {q}" for q in previous_questions[-3:])
    reply = complete(render("rewrite", history=history, question=question)).strip()
    rewritten = _first_line(reply)
    acceptable = _acceptable(rewritten, question, rule, previous_questions)
    return rewritten if acceptable else rule


def _first_line(reply: str) -> str:
    line = reply.splitlines()[0].strip() if reply else ""
    line = re.sub(r"^(selvstendig|sjølvstendig|standalone)\s+\w+\s*:\s*", "", line, flags=re.I)
    return line.strip(' "«»')


def _acceptable(rewritten: str, question: str, rule: str, previous: Sequence[str]) -> bool:
    """The model's rewrite is a new question: it keeps the new question's terms, adds the
    topic, does not run on, and is neither an answer nor an earlier question again."""
    said_before = {" ".join(q.lower().split()) for q in previous}
    if not rewritten.endswith("?") or " ".join(rewritten.lower().split()) in said_before:
        return False
    own, present = set(terms(question)), set(terms(rewritten))
    if own and not any(matches(term, present) for term in own):
        return False  # it answered, or asked the previous question again
    if not any(not matches(term, own) for term in present):
        return False  # it added no topic: "og hvem vedtar den?" back unchanged
    return len(rewritten) <= max(2 * len(question), len(rule)) + 30
