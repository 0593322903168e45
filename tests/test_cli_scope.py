"""``ask``, ``search``, ``documents`` and ``draft`` with ``--org`` / ``--collection``: an operator
reads as one organisation does; without them, every collection (the local user)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.auth.accounts import AccountStore
from assistant.auth.roles import Role
from assistant.cli import app
from assistant.console import ExitCode
from assistant.settings import Settings, get_settings
from assistant.storage import location
from ingest.pipeline import add_document, run_ingest
from tests.helpers import make_settings

runner = CliRunner()
ADDED = {
    "hole": (
        "badeplasser.md",
        "# Badeplasser i Hole\n\nDriftsutvalget i Hole godkjenner"
        " badeplassene ved Tyrifjorden hver vår.\n",
    ),
    "ringerike": (
        "snoskuter.md",
        "# Snøskuterløyper i Ringerike\n\nFormannskapet i Ringerike"
        " vedtar snøskuterløypene hvert femte år.\n",
    ),
}
HOLE, RINGERIKE = "hole--badeplasser", "ringerike--snoskuter"
ASKS_RINGERIKE = "Hvem vedtar snøskuterløypene i Ringerike?"


@pytest.fixture(scope="module")
def two_collections(tmp_path_factory: pytest.TempPathFactory, indexed_settings: Settings):
    """The test corpus plus one document in hole's and one in ringerike's collection, and
    an account in modum, which has no documents yet."""
    root = tmp_path_factory.mktemp("cli-orgs")
    settings = make_settings(root, corpus_dir=indexed_settings.corpus_dir)
    run_ingest(settings)
    for organisation, (name, text) in ADDED.items():
        path = root / name
        path.write_text(text, encoding="utf-8")
        add_document(settings, path, collection=organisation)
    AccountStore(location(settings, "accounts")).add(
        "kari", Role.reader, "et langt nok passord", "modum"
    )
    return settings


@pytest.fixture
def orgs_env(
    cli_env: Settings, two_collections: Settings, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    monkeypatch.setenv("PLANASSIST_DATA_DIR", str(two_collections.data_dir))
    get_settings.cache_clear()
    return two_collections


def listed(*options: str) -> set[str]:
    result = runner.invoke(app, ["documents", "--json", *options])
    assert result.exit_code == 0, result.output
    return {d["meta"]["id"] for d in json.loads(result.stdout)}


def test_without_options_every_collection_is_read(orgs_env: Settings) -> None:
    assert {HOLE, RINGERIKE, "pbl"} <= listed()


def test_org_reads_the_national_collection_and_its_own(orgs_env: Settings) -> None:
    hole = listed("--org", "hole")
    assert HOLE in hole and "pbl" in hole and RINGERIKE not in hole
    assert listed("--org", "modum") == listed(
        "--collection", "national"
    )  # an account, no documents
    assert listed("--collection", "ringerike") == {RINGERIKE}


def test_search_and_ask_keep_to_the_organisation(orgs_env: Settings) -> None:
    found = runner.invoke(app, ["search", ASKS_RINGERIKE, "-k", "50", "--json", "--org", "hole"])
    assert found.exit_code == 0, found.output
    documents = {hit["chunk"]["doc_id"] for hit in json.loads(found.stdout)}
    assert documents and RINGERIKE not in documents
    own = runner.invoke(app, ["ask", ASKS_RINGERIKE, "--json", "--org", "ringerike"])
    assert own.exit_code == 0, own.output
    assert RINGERIKE in {c["doc_id"] for c in json.loads(own.stdout)["citations"]}
    other = runner.invoke(app, ["ask", ASKS_RINGERIKE, "--json", "--org", "hole"])
    assert other.exit_code in (0, ExitCode.NOT_COVERED), other.output  # not a crash
    assert RINGERIKE not in other.stdout and "Formannskapet i Ringerike" not in other.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--org", "Hole!"], "Error: 'Hole!' cannot be an organisation"),
        (["--org", "national"], "Error: 'national' cannot be an organisation"),
        (["--org", "holle"], "no organisation 'holle' (no document or account belongs to"),
        (["--collection", "national", "--collection", "nowhere"], "known: hole, modum, ringerike"),
        (["--org", "hole", "--collection", "national"], "Error: give --org or --collection"),
    ],
)
def test_a_bad_name_is_one_line_and_a_usage_error(
    orgs_env: Settings, options: list[str], message: str
) -> None:
    for command in (["documents"], ["search", "planprogram"], ["ask", "Hva er et planprogram?"]):
        result = runner.invoke(app, [*command, *options])
        assert result.exit_code == ExitCode.USAGE, result.output
        assert message in " ".join(result.output.split())
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 2


def test_drafts_keep_to_the_organisation(orgs_env: Settings, tmp_path) -> None:
    plan = ["draft", "planprogram", "--kommune", "Hole", "--plantype", "temaplan"]
    plan += ["--tema", "friluftsliv", "--periode", "2026-2030", "--mode", "template"]
    own = runner.invoke(app, [*plan, "--doc", HOLE, "--out", str(tmp_path / "own.md")])
    scoped = [*plan, "--org", "hole", "--out", str(tmp_path / "scoped.md")]
    assert own.exit_code == 0, own.output
    assert runner.invoke(app, [*scoped, "--doc", HOLE]).exit_code == 0
    other = runner.invoke(app, [*scoped, "--doc", RINGERIKE])  # not hole's to read
    assert other.exit_code == ExitCode.USAGE and RINGERIKE in other.output, other.output
    refused = runner.invoke(app, [*plan, "--out", "x.md", "--org", "holle"])
    assert refused.exit_code == ExitCode.USAGE and "no organisation 'holle'" in refused.output
