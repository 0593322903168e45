"""The Postgres server stops for a moment: calls that need saved work answer 503 with a
clear reason, search keeps answering, a server started meanwhile comes up, and all of it
works again, nothing lost, once the database is back (pre-ping replaces cut connections).
With sign-in on, a browser gets that 503 as a page in its language; scripts keep the JSON."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.mcp_server import http_app, server_for
from assistant.service import Assistant
from assistant.storage import UNAVAILABLE
from ingest.pipeline import run_ingest
from tests.auth.people import PASSWORD, add_people
from tests.helpers import make_settings, serve_in_thread
from tests.postgres import PostgresServer

QUESTION = "Hvem vedtar kommunal planstrategi?"
FOLLOW_UP = "Og hvem foreslår den?"


def test_an_outage_is_a_503_and_heals_by_itself(postgres: PostgresServer, tmp_path: Path) -> None:
    with postgres.database() as url:
        settings = make_settings(tmp_path, database_url=url)
        run_ingest(settings)
        with TestClient(create_app(settings)) as client:
            started = client.post("/v1/chat", json={"message": QUESTION})
            assert started.status_code == 200, started.text
            conversation = started.json()["conversation_id"]
            saved = client.get(f"/v1/chat/{conversation}").json()
            follow_up = {"message": FOLLOW_UP, "conversation_id": conversation}

            postgres.stop()
            try:
                with TestClient(create_app(settings)) as late:  # started during the outage
                    for app in (client, late):
                        down = app.get(f"/v1/chat/{conversation}")
                        assert (down.status_code, down.json()) == (503, {"detail": UNAVAILABLE})
                        assert app.post("/v1/chat", json=follow_up).status_code == 503
                        assert app.post("/v1/ask", json={"question": QUESTION}).status_code == 200
                    postgres.start()
                    assert late.get(f"/v1/chat/{conversation}").json() == saved
            finally:
                if not postgres.running:
                    postgres.start()

            assert client.get(f"/v1/chat/{conversation}").json() == saved
            continued = client.post("/v1/chat", json=follow_up)
            assert continued.status_code == 200, continued.text
            turns = client.get(f"/v1/chat/{conversation}").json()["turns"]
            assert [t["text"] for t in turns[:2]] == [t["text"] for t in saved["turns"]]
            assert [t["role"] for t in turns] == ["user", "assistant", "user", "assistant"]


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
MCP = {"Accept": "application/json, text/event-stream"}


def test_with_sign_in_a_browser_gets_a_page_and_a_script_json(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    with postgres.database() as url:
        settings = make_settings(tmp_path, auth="local", database_url=url)
        run_ingest(settings)
        token = add_people(settings)["rita"]
        with TestClient(create_app(settings)) as client:
            signed_in = client.post(
                "/auth/login",
                data={"username": "rita", "password": PASSWORD, "next": "/"},
                headers=BROWSER,
                follow_redirects=False,
            )
            assert signed_in.status_code == 303
            assert client.get("/", headers=BROWSER).status_code == 200

            postgres.stop()
            try:
                for path, language, text in [
                    ("/", "nb", "Databasen svarer ikke akkurat nå"),
                    ("/dokumenter?lang=nn", "nn", "Databasen svarar ikkje akkurat no"),
                    ("/utkast?lang=en", "en", "The database is not answering right now"),
                ]:
                    page = client.get(path, headers=BROWSER)
                    assert page.status_code == 503
                    assert page.headers["content-type"].startswith("text/html")
                    assert f'<html lang="{language}">' in page.text and text in page.text
                    assert page.headers["Content-Security-Policy"]
                form = client.post(
                    "/auth/login",
                    data={"username": "rita", "password": PASSWORD},
                    headers=BROWSER,
                )
                assert form.status_code == 503  # in the language the cookie remembers
                assert "The database is not answering" in form.text
                bearer = {"Authorization": f"Bearer {token}"}
                for script in ({}, {"Accept": "application/json"}):
                    down = client.get("/v1/chat", headers={**bearer, **script})
                    assert (down.status_code, down.json()) == (503, {"detail": UNAVAILABLE})
                    assert client.get("/v1/documents", headers=script).status_code == 503
                health = client.get("/healthz", headers=bearer)
                assert health.status_code == 200 and health.json()["documents"] is None
                with serve_in_thread(http_app(server_for(Assistant(settings), None, True))) as mcp:
                    tools = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
                    mcp_down = httpx.post(f"{mcp}/mcp", json=tools, headers={**bearer, **MCP})
                    assert (mcp_down.status_code, mcp_down.json()) == (503, {"detail": UNAVAILABLE})
            finally:
                if not postgres.running:
                    postgres.start()

            assert client.get("/", headers=BROWSER).status_code == 200
            assert client.get("/v1/chat", headers=bearer).status_code == 200
