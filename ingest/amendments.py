"""Read a law §'s «Endret ved …» notes into its last amendment in force.

Lovdata's Markdown ends a § with notes like ``> Endret ved lover [19 des 2014 nr. 91]
(lov/2014-12-19-91) (ikr. 1 jan 2015 iflg. …), [8 mars 2019 nr. 5](lov/2019-03-08-5).``
The notes are not part of the citable text; what a citation needs from them is which act
last changed the § and from when. Changes not yet in force (in bold: ``**Endres** ved …``,
``**Oppheves** ved … (i kraft 1 juli 2028)``; «ikr. fra den tid Kongen bestemmer») are not
the version quoted, so they are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.domain import Amendment

NOTE = re.compile(r"^>[^\[\n]*\bved\b")
"""An amendment note line: "> Endret ved …", "> Tilføyd ved …", "> Opphevet ved …"."""
_PENDING = re.compile(r"\*\*[^\W\d_]+\*\*.*", re.DOTALL)
"""Lovdata sets a change still to come in bold, whatever it does: Endres, Oppheves, Tilføyes."""
_ACT = re.compile(
    r"\((lov/(\d{4})-(\d{2})-(\d{2})-\d+)\)"  # the act's link target
    r"(?:\s*\((?:ikr\.|i kraft)\s+(?:(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})|fra den tid))?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")


def _month(name: str) -> int | None:
    prefix = name.lower()[:3]
    return _MONTHS.index(prefix) + 1 if prefix in _MONTHS else None


def _amendments(note: str) -> Iterable[tuple[str, Amendment]]:
    """(sort key, amendment) for each act in force the note names."""
    for match in _ACT.finditer(_PENDING.sub("", note)):
        ref, *act_date, day, month_name, year = match.groups()
        pending = match.group(0).endswith("fra den tid")
        month = _month(month_name) if month_name else None
        if pending or (month_name and month is None):
            continue
        in_force = f"{year}-{month:02d}-{int(day):02d}" if month else None
        yield in_force or "-".join(act_date), Amendment(ref, in_force)


def last_amendment(notes: Iterable[str]) -> Amendment | None:
    """The latest amendment in force among a §'s note lines, or None if it has none.

    >>> last_amendment(["> Endret ved lov [7 mai 2021 nr. 34](lov/2021-05-07-34)"
    ...                 " (ikr. 1 juni 2021 iflg. …)."])
    Amendment(ref='lov/2021-05-07-34', in_force='2021-06-01')
    """
    found = [pair for note in notes for pair in _amendments(note)]
    return max(found, key=lambda pair: pair[0])[1] if found else None
