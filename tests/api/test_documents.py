from fastapi.testclient import TestClient


def test_lists_documents_with_chunk_counts(client: TestClient) -> None:
    documents = client.get("/v1/documents").json()
    by_id = {doc["id"]: doc for doc in documents}
    assert set(by_id) == {"pbl", "mr-plan-politikarar", "hole-velferd-planprogram"}
    assert by_id["pbl"]["doc_type"] == "lov" and by_id["pbl"]["chunks"] >= 10
    assert by_id["mr-plan-politikarar"]["language"] == "nn"


def test_document_detail_lists_sections(client: TestClient) -> None:
    detail = client.get("/v1/documents/pbl").json()
    sections = [s["section"] for s in detail["sections"]]
    assert "§ 10-1. Kommunal planstrategi" in sections
    assert len(detail["sections"]) == detail["chunks"]


def test_health_reports_index_and_model(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["index_loaded"] is True
    assert health["documents"] == 3 and health["embedding_model"] == "hash"
    assert health["answer_mode"] == "extractive"


def test_openapi_has_examples(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/v1/ask" in schema["paths"]
    assert "Hvem skal vedta" in str(schema["components"]["schemas"]["AskRequest"])
