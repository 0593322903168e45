"""``--org`` and ``--collection`` for the commands that read documents (``ask``,
``search``, ``documents``, ``draft``): an operator reads as one organisation's members do, or only
the collections named. Without them a command reads every collection, as the one local
user of a laptop does (the API keeps each caller to theirs: ``assistant/scope.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from assistant.auth.accounts import AccountStore
from assistant.errors import InvalidRequest
from assistant.scope import NATIONAL, Scope, check_organisation, known_organisations
from assistant.storage import location

if TYPE_CHECKING:
    from assistant.service import Assistant

OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org",
        help="Read as a member of this organisation does: the national collection and its"
        " own (default: every collection).",
    ),
]
CollectionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--collection",
        help="Read only this collection: 'national' or an organisation's (repeatable).",
    ),
]


def reading_as(
    assistant: Assistant, organisation: str | None, collections: list[str] | None
) -> Assistant:
    """``assistant`` kept to what ``--org`` or ``--collection`` name (neither: all of it).

    A name that cannot be an organisation's, or one this installation has no account or
    document of (a typo would otherwise read only the national collection), is refused.
    """
    if organisation is not None and collections:
        raise InvalidRequest("give --org or --collection, not both")
    if organisation is not None:
        _check_known(assistant, check_organisation(organisation))
        return assistant.within(Scope.member(organisation))
    if not collections:
        return assistant
    for collection in collections:
        if collection != NATIONAL:
            _check_known(assistant, check_organisation(collection))
    return assistant.within(Scope(frozenset(collections)))


def _check_known(assistant: Assistant, organisation: str) -> None:
    """Refuse an organisation that no indexed document and no account belongs to."""
    accounts = AccountStore(location(assistant.settings, "accounts")).all()
    known = known_organisations((a.organisation for a in accounts), assistant.documents())
    if organisation in known:
        return
    raise InvalidRequest(
        f"this installation has no organisation '{organisation}' (no document or account"
        f" belongs to it); known: {', '.join(sorted(known)) or 'none yet'}"
    )
