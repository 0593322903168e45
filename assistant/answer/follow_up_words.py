"""The words follow-up rewriting reads a question by (``rewrite.py``): question words,
pronouns, verbs, aspects ("fristen", "the deadline") and the patterns of plan kinds and
parts, in bokmål, nynorsk and English."""

from __future__ import annotations

import re

from assistant.retrieval.analysis import STOPWORDS

# fmt: off
ELLIPTIC_STARTS = (
    "og hva med", "og kva med", "and what about", "and how about", "hva med", "kva med",
    "hva så med", "kva så med", "what about", "how about", "enn", "også", "òg", "also",
)
CONNECTIVES = ("og", "men", "eller", "så", "and", "but", "or", "so")
QUESTION_WORDS = frozenset("""
    hva hvem hvilke hvilken hvilket hvordan hvorfor hvor når kva kven kvifor korleis kor
    kvar what who whom whose which how why when where
""".split())
WHICH = frozenset("hvilke hvilken hvilket which".split())
"""Question words a noun follows ("hvilke krav …"): that noun is part of the question."""
PRONOUNS = frozenset("""
    den det de dei dem denne dette disse desse han hun ho hen it they them this that these those
""".split())
PLURAL_PRONOUNS = frozenset("de dei dem disse desse they them these those".split())
DETERMINERS = frozenset("en ei et ein eit a an the".split()) | PRONOUNS
INDEFINITE = frozenset("en ei et ein eit a an".split())
PREPOSITIONS = frozenset("""
    i på til for av med om etter fra frå ved under over innen innan mot hos før
    in on to of by with about after from within at into before
""".split())
JOINERS = frozenset("og eller and or".split())
AUXILIARIES = frozenset("""
    er var blir ble vert vart blei skal skulle må måtte kan kunne bør burde vil ville har hadde
    får fikk være vere bli verte blitt vorte vært vore gjør gjer gjorde
    is are was were be been being do does did must shall should can could will would may
    might has have had get gets
""".split())
PASSIVE = frozenset("være vere bli verte blitt vorte vært vore be been being".split())
MODALS = frozenset("skal skulle må kan kunne bør vil ville must shall should can could".split())
VERBS = frozenset("""
    vedta vedtar vedtas vedtatt vedtek vedteke vedtok fastsette fastsetter fastsettes fastsatt
    fastset fastsett inneholde inneholder innehalde inneheld utarbeide utarbeider utarbeides
    utarbeidd lage lager lages laget sende sender sendes sendt gjelde gjelder gjeld kreve
    krever kreves krev behandle behandler behandles betyr bety tyder handle handler handlar
    skje skjer starte starter vare varer varar legge legges ligg ligger vinne vinner vant vann
    godkjenne godkjenner godkjennes delta deltar følge følger fylgje ta tar tek sier seier
    adopt adopts adopted contain contains approve approves prepare prepares decide decides
    include includes require requires apply applies mean means need needs win wins won
    happen happens start starts send sends sent set sets say says cover covers take takes last
""".split())
TRANSITIVE = frozenset("""
    vedta vedtar vedtek fastsette fastsetter fastset utarbeide utarbeider lage lager behandle
    behandler godkjenne godkjenner adopt adopts approve approves prepare prepares
""".split())
ASPECTS = frozenset("""
    frist fristen frister fristene fristar fristane tidsfrist krav kravet kravene
    krava innhold innholdet innhald innhaldet formål formålet føremål føremålet ansvar ansvaret
    regler reglene reglar reglane prosess prosessen høring høringen høyring høyringa
    vedtak vedtaket tid tiden tida steg steget periode perioden
    deadline deadlines requirement requirements content contents purpose responsibility rules
    process hearing consultation decision time step period
""".split())
"""Nouns that ask about something ("fristen", "the deadline") rather than name a topic."""
# fmt: on
DEFINITE = re.compile(r"(en|et|a|ene|ane)$")
COMPOUND_HEADS = tuple(word for word in ASPECTS if DEFINITE.search(word))
MIN_COMPOUND_FIRST = 4
"""A Norwegian compound ending in a definite aspect ("høringsfristen", "planprosessen")
points at something named before, as "fristen" does; an indefinite one ("en klagefrist",
"arealformål") names a concept of its own. Its first part has at least 4 letters, so
"fritiden" is no aspect."""
PLAN_KIND = re.compile(
    r"(plan|planen|planer|planar|planene|planane|strategi|strategien|program|programmet|"
    r"melding|meldinga|meldingen|strategy|programme|plans)$"
)
"""Heads of topics that "hva med X?" may swap in ("Hvem vedtar kommuneplanen?")."""
PART = re.compile(r"(?:\w{4}|\b)(del|delen|deler|delene|delar|delane|parts?)$")
"""A part of a plan ("arealdelen", "the land-use part"; not "handelen"): swapped in for a
topic, it keeps the topic's owner ("kommuneplanens arealdel")."""
AFTER_OWNER = {"delen": "del", "delene": "deler", "delane": "delar"}
"""The form a part takes after a possessive: "kommuneplanens arealdel"."""
OWNER_PREPOSITIONS = frozenset("for til i av of in".split())
"""Prepositions that attach an owner after a topic: "planprogrammet for kommuneplanen"."""
PLURAL_ASPECT = re.compile(r"(er|ene|ar|ane|a|[^s]s)$")
"""Plural aspects ("kravene", "krava", "fristar", "requirements"; not "process"). Nynorsk
"høyringa" is singular but counts too: the error keeps the whole phrase, the safer reading."""
NEUTER_PRONOUNS = frozenset("det dette".split())
COMMON_PRONOUNS = frozenset("den denne han hun ho hen".split())

FUNCTION_WORDS = STOPWORDS | frozenset("lang lenge mye minst berre gjerne long much least".split())
NOT_VERBS = FUNCTION_WORDS | PREPOSITIONS | DETERMINERS
KINDS = (
    ("det", DETERMINERS),
    ("prep", PREPOSITIONS | {"å"}),
    ("joiner", JOINERS),
    ("aspect", ASPECTS),
    ("function", FUNCTION_WORDS),
)
