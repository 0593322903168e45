"""Collections and scopes: who reads and manages which collection, how an organisation's
folder is indexed, and retrieval that never leaves the scope yet still fills its top k."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.auth.roles import Role, User
from assistant.domain import SearchFilters
from assistant.errors import Forbidden, InvalidRequest, NotFound
from assistant.retrieval.store import IndexStore
from assistant.scope import NATIONAL, Scope, check_organisation, managed_collection
from assistant.service import Assistant
from ingest.pipeline import run_ingest
from tests.helpers import make_settings

READER = User("rita", Role.reader, organisation="hole")
EDITOR = User("edel", Role.editor, organisation="hole")
HOMELESS = User("nils", Role.editor)
ADMIN = User("ada", Role.admin)
# A text that wins BM25 for "planstrategi" everywhere: the national passages must still fill k.
LOUD = "# Planstrategi\n\n" + "Planstrategi, kommunal planstrategi og planstrategien. " * 30


class TestScope:
    def test_who_reads_what(self) -> None:
        assert Scope.of(READER, sign_in=True).collections == {NATIONAL, "hole"}
        assert Scope.of(HOMELESS, sign_in=True).collections == {NATIONAL}
        assert Scope.of(ADMIN, sign_in=True).collections is None
        assert Scope.of(None, sign_in=True).collections == frozenset()
        assert Scope.of(None, sign_in=False).collections is None  # make run: one local user
        assert Scope.of(READER, sign_in=True).listed() == [NATIONAL, "hole"]

    def test_where_clause(self) -> None:
        assert Scope().where() is None
        assert Scope(frozenset({"hole", NATIONAL})).where() == {
            "collection": {"$in": ["hole", NATIONAL]}
        }

    @pytest.mark.parametrize("name", ["national", "Hole", "a--b", "", "-a", "x" * 41, "a/b"])
    def test_bad_organisation_names(self, name: str) -> None:
        with pytest.raises(InvalidRequest, match="cannot be an organisation"):
            check_organisation(name)

    def test_who_adds_where(self) -> None:
        assert managed_collection(EDITOR, None, sign_in=True) == "hole"
        assert managed_collection(ADMIN, None, sign_in=True) == NATIONAL
        assert managed_collection(ADMIN, "ringerike", sign_in=True) == "ringerike"
        assert managed_collection(READER, None, sign_in=False) == NATIONAL
        with pytest.raises(Forbidden, match="editors manage only their organisation's"):
            managed_collection(EDITOR, NATIONAL, sign_in=True)
        with pytest.raises(Forbidden, match="belongs to no organisation"):
            managed_collection(HOMELESS, None, sign_in=True)
        with pytest.raises(Forbidden, match="needs the role 'editor'"):
            managed_collection(READER, "hole", sign_in=True)


@pytest.fixture(scope="module")
def two_collections(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The test corpus (national), one national upload and one of organisation hole's."""
    settings = make_settings(tmp_path_factory.mktemp("collections"))
    (settings.uploads_dir / "hole").mkdir(parents=True)
    (settings.uploads_dir / "hole" / "strategi.md").write_text(LOUD, encoding="utf-8")
    (settings.uploads_dir / "felles.md").write_text("# Felles\n\nFor alle.\n", encoding="utf-8")
    run_ingest(settings)
    return Assistant(settings)


def test_an_organisations_folder_is_its_collection(two_collections: Assistant) -> None:
    store = IndexStore.open_current(two_collections.settings)
    meta = store.documents["hole--strategi"].meta
    assert (meta.collection, meta.file) == ("hole", "hole/strategi.md")
    assert store.documents["felles"].meta.collection == NATIONAL
    assert {c.collection for c in store.chunks if c.doc_id == "hole--strategi"} == {"hole"}
    stored = store.collection.get(where={"collection": "hole"}, include=["metadatas"])
    assert {m["doc_id"] for m in stored["metadatas"]} == {"hole--strategi"}


def test_a_scoped_search_never_leaves_the_scope_and_fills_k(two_collections: Assistant) -> None:
    everyone = two_collections.search("kommunal planstrategi", top_k=5)
    assert everyone[0].chunk.doc_id == "hole--strategi"  # the loud one wins unscoped
    national = two_collections.within(Scope(frozenset({NATIONAL})))
    hits = national.search("kommunal planstrategi", top_k=5)
    assert len(hits) == 5 and {h.chunk.collection for h in hits} == {NATIONAL}
    lexical = national.retriever().lexical
    best = lexical.best(lexical.scores("kommunal planstrategi"), top_k=5, allow=lambda c: True)
    assert best[0].chunk.doc_id == "hole--strategi"  # BM25's best, passed over in scope


def test_documents_and_filters_keep_to_the_scope(two_collections: Assistant) -> None:
    national = two_collections.within(Scope(frozenset({NATIONAL})))
    assert "hole--strategi" not in {d.meta.id for d in national.documents()}
    with pytest.raises(NotFound, match="no document with id 'hole--strategi'"):
        national.document("hole--strategi")
    with pytest.raises(InvalidRequest) as refused:
        national.search("planstrategi", filters=SearchFilters(doc_ids=("hole--strategi",)))
    assert "hole--" not in str(refused.value).split("known:")[1]
    hole = two_collections.within(Scope(frozenset({NATIONAL, "hole"})))
    assert hole.document("hole--strategi")[0].meta.title == "Planstrategi"
    assert national.store is hole.store is two_collections.store  # views share the index


def test_a_folder_that_is_no_organisations_is_not_indexed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    (settings.uploads_dir / "Not An Org").mkdir(parents=True)
    (settings.uploads_dir / "Not An Org" / "x.md").write_text("# X\n\nTekst.\n")
    run_ingest(settings)
    assert "x" not in IndexStore.open_current(settings).documents
