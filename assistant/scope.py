"""Collections, and which of them a person may read.

Every document belongs to one collection: ``national`` (the shipped ``corpus/``: laws,
guidance, NOUs, shared by all) or one organisation's (what its editors upload, kept in
``data_dir/documents/<organisation>/``). A ``Scope`` is the set of collections a caller
may read; retrieval filters on it (Chroma ``where`` and the BM25 hits), and so do the
document lists and pages, citations, drafting and the chat endpoints.

>>> Scope.of(User("rita", Role.reader, organisation="hole"), sign_in=True).collections
frozenset({'national', 'hole'})
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.auth.roles import Role, User
from assistant.domain import DocumentMeta
from assistant.errors import Forbidden, InvalidRequest

if TYPE_CHECKING:
    from assistant.retrieval.store import IndexedDocument

NATIONAL = "national"
"""The shipped corpus and national documents an administrator adds: everyone reads it."""
ORGANISATION = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
ID_SEPARATOR = "--"
"""Between an organisation and a document's own id (slugs never hold two hyphens in a
row), so two organisations may each upload a ``planstrategi.pdf``."""


def check_organisation(name: str) -> str:
    """An organisation's id: lower-case letters, digits and single hyphens (``hole``,
    ``more-og-romsdal``); never ``national``."""
    if not ORGANISATION.fullmatch(name) or ID_SEPARATOR in name or name == NATIONAL:
        raise InvalidRequest(
            f"'{name}' cannot be an organisation: use 1–40 lower-case letters, digits and"
            f" single hyphens (like 'hole' or 'more-og-romsdal'), not '{NATIONAL}'"
        )
    return name


@dataclass(frozen=True)
class Scope:
    """The collections someone may read; ``None``: every one (sign-in off, the CLI, admins)."""

    collections: frozenset[str] | None = None

    @classmethod
    def of(cls, user: User | None, sign_in: bool) -> Scope:
        """Sign-in off: everything. Nobody signed in: nothing. An administrator: everything.
        Anyone else: the national collection and their organisation's."""
        if not sign_in:
            return cls()
        if user is None:
            return cls(frozenset())
        if user.role == Role.admin:
            return cls()
        return cls.member(user.organisation)

    @classmethod
    def member(cls, organisation: str | None) -> Scope:
        """What a member of ``organisation`` reads: the national collection and its own."""
        return cls(frozenset({NATIONAL, *([organisation] if organisation else [])}))

    @property
    def nothing(self) -> bool:
        """Reads no collection: nobody is signed in (with sign-in on)."""
        return self.collections == frozenset()

    def allows(self, collection: str) -> bool:
        return self.collections is None or collection in self.collections

    def readable(self, documents: Iterable[IndexedDocument]) -> list[IndexedDocument]:
        """Those of ``documents`` this scope may read, in their order: what document lists
        show and filter values are checked against (never another organisation's)."""
        return [document for document in documents if self.allows(document.meta.collection)]

    def where(self) -> dict[str, object] | None:
        """The restriction as a Chroma ``where`` clause (None: no restriction)."""
        if self.collections is None:
            return None
        return {"collection": {"$in": sorted(self.collections)}}

    def listed(self) -> list[str] | None:
        """The collections in a stable order for people to read (national first)."""
        if self.collections is None:
            return None
        return sorted(self.collections, key=lambda c: (c != NATIONAL, c))


def managed_collection(user: User, requested: str | None, sign_in: bool) -> str:
    """The collection ``user`` adds a document to (``requested``, or their own by default).

    Editors add, replace and remove only in their organisation's collection; national
    documents and other organisations' are for administrators (any collection). With
    sign-in off the one user manages everything, and adds to the national collection.
    """
    if requested is not None and requested != NATIONAL:
        check_organisation(requested)
    if not sign_in:
        return requested or NATIONAL
    if not user.may(Role.editor):
        raise Forbidden(f"this needs the role 'editor' or higher; {user.name} is '{user.role}'")
    if user.role == Role.admin:
        return requested or user.organisation or NATIONAL
    if user.organisation is None:
        raise Forbidden(
            f"{user.name} belongs to no organisation, so has no collection to add documents"
            " to; an administrator can set the organisation (national documents are added"
            " by administrators)"
        )
    if requested not in (None, user.organisation):
        raise Forbidden(
            f"editors manage only their organisation's collection ('{user.organisation}');"
            f" '{requested}' is managed by administrators"
        )
    return user.organisation


def check_manages(user: User, collection: str, sign_in: bool) -> None:
    """A 403 unless ``user`` may replace or remove documents of ``collection``."""
    managed_collection(user, collection, sign_in)


def collection_folder(uploads_dir: Path, collection: str) -> Path:
    """Where a collection's added files are: national ones directly in ``uploads_dir``
    (as before there were organisations), an organisation's in its own folder."""
    return uploads_dir if collection == NATIONAL else uploads_dir / check_organisation(collection)


def organisation_folders(uploads_dir: Path) -> list[tuple[Path, str]]:
    """Each organisation's folder of added files, with its collection."""
    if not uploads_dir.is_dir():
        return []
    return [
        (folder, folder.name)
        for folder in sorted(uploads_dir.iterdir())
        if folder.is_dir() and ORGANISATION.fullmatch(folder.name) and folder.name != NATIONAL
    ]


def known_organisations(
    members: Iterable[str | None], documents: Iterable[IndexedDocument]
) -> set[str]:
    """The organisations this installation has: those accounts are members of (their
    ``organisation``, given as ``members``) and those documents are in; not the national
    collection."""
    organisations = {member for member in members if member}
    organisations |= {document.meta.collection for document in documents}
    return organisations - {NATIONAL}


def document_id(collection: str, own_id: str) -> str:
    """A document's id in the index: national ids as they are, an organisation's prefixed."""
    return own_id if collection == NATIONAL else f"{collection}{ID_SEPARATOR}{own_id}"


def in_collection(meta: DocumentMeta, collection: str) -> DocumentMeta:
    """``meta`` of a file in ``collection``'s folder: its id prefixed, its file named
    relative to the added documents (``hole/plan.pdf``)."""
    if collection == NATIONAL:
        return replace(meta, collection=NATIONAL)
    return replace(
        meta,
        id=document_id(collection, meta.id),
        file=f"{collection}/{meta.file}",
        collection=collection,
    )
