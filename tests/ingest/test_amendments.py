"""A § 's «Endret ved …» notes → its last amendment in force."""

from __future__ import annotations

from assistant.domain import Amendment
from ingest.amendments import last_amendment


def test_the_latest_change_in_force_wins() -> None:
    note = (
        "> Endret ved [lover 19 des 2014 nr. 91](lov/2014-12-19-91) (ikr. 1 jan 2015 iflg."
        " [res. 19 des 2014 nr. 1727](forskrift/2014-12-19-1727)), [8 mars 2019 nr. 5]"
        "(lov/2019-03-08-5) (ikr. 8 mars 2019 iflg. [res. 8 mars 2019 nr. 195]"
        "(forskrift/2019-03-08-195))."
    )
    assert last_amendment([note]) == Amendment("lov/2019-03-08-5", "2019-03-08")


def test_i_kraft_spelled_out_and_an_act_without_a_date() -> None:
    note = (
        "> Endret ved lover [21 juni 2024 nr. 52](lov/2024-06-21-52), [20 juni 2025 nr. 93]"
        "(lov/2025-06-20-93) (i kraft 1 juli 2025 iflg. [res. 20. juni 2025 nr. 1328]"
        "(forskrift/2025-06-20-1328))."
    )
    assert last_amendment([note]) == Amendment("lov/2025-06-20-93", "2025-07-01")
    only = "> Endret ved lov [21 juni 2024 nr. 52](lov/2024-06-21-52)."
    assert last_amendment([only]) == Amendment("lov/2024-06-21-52", None)


def test_changes_not_yet_in_force_are_not_the_version_quoted() -> None:
    notes = [
        "> Tilføyd ved lov [16 juni 2017 nr. 55](lov/2017-06-16-55) (ikr. 1 jan 2018 iflg. …).",
        "> **Endres** ved lov [12 mai 2026 nr. 18](lov/2026-05-12-18) (i kraft fra den tid"
        " Kongen bestemmer).",
    ]
    assert last_amendment(notes) == Amendment("lov/2017-06-16-55", "2018-01-01")
    pending = "> Endret ved lov [22 juni 2018 nr. 76](lov/2018-06-22-76) (ikr. fra den tid …)."
    assert last_amendment([pending]) is None


def test_a_repeal_still_to_come_is_not_the_version_quoted() -> None:
    note = (
        "> Tilføyd ved lov [12 juni 2026 nr. 22](lov/2026-06-12-22) (i kraft 1 juli 2026 iflg."
        " [res. 12 juni 2026 nr. 1076](forskrift/2026-06-12-1076)). **Oppheves** ved lov"
        " [12 juni 2026 nr. 22](lov/2026-06-12-22) (i kraft 1 juli 2028)."
    )
    assert last_amendment([note]) == Amendment("lov/2026-06-12-22", "2026-07-01")


def test_no_notes_no_amendment() -> None:
    assert last_amendment([]) is None
