"""Bad requests get a 4xx with a JSON ``detail`` a person can act on."""

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.service import Assistant
from tests.helpers import make_settings


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"question": ""}, 422, "the question is empty"),
        ({"question": "   "}, 422, "the question is empty"),
        ({"question": "x" * 5000}, 422, "the limit is 2000"),
        ({}, 422, "question: Field required"),
        ({"question": "planstrategi", "top_k": 0}, 422, "top_k"),
        ({"question": "planstrategi", "colour": "red"}, 422, "colour"),
        ({"question": "a", "filters": {"doc_ids": ["nope"]}}, 422, "unknown doc_ids"),
        ({"question": "a", "filters": {"doc_types": ["roman"]}}, 422, "known: ['kommunalt"),
    ],
)
def test_bad_ask_requests(client: TestClient, payload: dict, status: int, message: str) -> None:
    response = client.post("/v1/ask", json=payload)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_ten_megabyte_question_is_refused_before_parsing(client: TestClient) -> None:
    body = '{"question": "' + "a" * (10 * 1024 * 1024) + '"}'
    response = client.post("/v1/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "limited to" in response.json()["detail"]
    assert client.post("/v1/ask", json={"question": "planstrategi"}).status_code == 200


def test_malformed_json(client: TestClient) -> None:
    response = client.post(
        "/v1/ask", content="{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "JSON" in response.json()["detail"]


def test_unknown_document(client: TestClient) -> None:
    response = client.get("/v1/documents/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "no document with id 'nope'; GET /v1/documents lists them"}


def test_no_index_yet_is_503_with_the_fix(tmp_path) -> None:
    settings = make_settings(tmp_path)
    with TestClient(create_app(settings, Assistant(settings))) as fresh:
        response = fresh.post("/v1/ask", json={"question": "Hva er en planstrategi?"})
        assert response.status_code == 503
        assert "planassist ingest" in response.json()["detail"]
        health = fresh.get("/healthz").json()
        assert health["status"] == "no-index" and health["index_loaded"] is False
