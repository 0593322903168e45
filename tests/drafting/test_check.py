"""Check my draft: API and CLI over generated DOCX/PDF drafts, bad files refused as 4xx."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api.app import create_app
from assistant.cli import app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.drafting.check_drafts import (
    COMPLETE_PLANPROGRAM,
    PLANSTRATEGI,
    docx_bytes,
    draft_pdf,
    without,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
runner = CliRunner()


def statuses(report: dict) -> dict[str, str]:
    return {f"{s['key']}.{i['key']}": i["status"] for s in report["sections"] for i in s["items"]}


def check(client: TestClient, name: str, data: bytes, **form: str) -> dict:
    response = client.post("/v1/checks", files={"file": (name, data, DOCX)}, data=form)
    assert response.status_code == 200, response.text
    return response.json()


def test_complete_planprogram_is_covered_and_cited(client: TestClient) -> None:
    report = check(client, "plan.docx", docx_bytes(COMPLETE_PLANPROGRAM))
    assert report["doc_type"] == "planprogram" and report["type_detected"]
    assert set(statuses(report).values()) == {"covered"}
    formal = report["sections"][0]["items"][0]
    assert formal["found"][0]["section"] == "1 Formål med planarbeidet"
    source = formal["sources"][0]
    assert source["label"] == "pbl § 4-1" and "formålet med planarbeidet" in source["quote"]
    cited = {c["n"]: c for c in report["citations"]}[source["n"]]
    assert cited["section"].startswith("§ 4-1") and cited["version_label"]


def test_removed_parts_are_reported_missing_or_weak(client: TestClient) -> None:
    draft = without(COMPLETE_PLANPROGRAM, "5 Alternativer", "4 Medvirkning", "7 Oppfølging")
    report = check(client, "plan.docx", docx_bytes(draft), language="en")
    found = statuses(report)
    assert found["alternativer.alternativer"] == "missing"
    assert found["oppfolging.handlingsdel"] == "missing"
    assert found["medvirkning.rad"] == "missing" and found["medvirkning.berorte"] == "missing"
    assert found["formal.formal"] == "covered" and found["prosess.frister"] == "covered"
    assert report["language"] == "en" and "items:" in report["summary"]
    item = report["sections"][2]["items"][0]
    assert item["requirement"].startswith("Describe how people") and item["law"]


def test_weak_item_says_what_is_missing(client: TestClient) -> None:
    draft = {"1 Framdrift": ["Framdriften beskrives senere i planprosessen."]}
    report = check(client, "plan.docx", docx_bytes(draft), type="planprogram")
    frister = report["sections"][1]["items"][0]
    assert frister["status"] == "weak" and "uten frister" in frister["advice"]
    assert not report["type_detected"]


def test_planstrategi_pdf_mostly_missing(client: TestClient) -> None:
    report = check(client, "strategi.pdf", draft_pdf(PLANSTRATEGI, "Kommunal planstrategi"))
    found = statuses(report)
    assert report["doc_type"] == "planstrategi"
    assert found["strategiske_valg.strategiske_valg"] == "covered"
    assert report["counts"]["missing"] >= 10 and found["prosess.vedtak"] == "missing"
    assert report["sections"][0]["items"][0]["found"][0]["page"] == 1
    vedtak = next(i for s in report["sections"] for i in s["items"] if i["key"] == "vedtak")
    assert vedtak["sources"][0]["label"] == "pbl § 10-1" and vedtak["sources"][0]["n"]
    assert "ett år etter konstituering" in vedtak["sources"][0]["quote"]


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("plan.exe", b"MZ\x90\x00", 415, "unsupported file type"),
        ("plan.pdf", b"\x7fELF\x02\x01", 415, "its content is a program"),
        ("plan.docx", b"", 422, "is empty"),
        ("plan.docx", b"PK\x03\x04 not a zip", 422, "not a readable Word document"),
        ("plan.pdf", b"%PDF-1.4 broken", 422, "not a readable PDF"),
    ],
)
def test_bad_files_are_refused(
    client: TestClient, name: str, data: bytes, status: int, message: str
) -> None:
    response = client.post("/v1/checks", files={"file": (name, data)})
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]


def test_too_large_is_413(indexed_settings: Settings) -> None:
    settings = indexed_settings.model_copy(update={"max_upload_bytes": 4096})
    with TestClient(create_app(settings, Assistant(settings))) as small:
        response = small.post("/v1/checks", files={"file": ("plan.docx", b"PK" + b"x" * 5000)})
    assert response.status_code == 413 and "limit" in response.json()["detail"]


def test_unknown_type_is_422(client: TestClient) -> None:
    data = docx_bytes(COMPLETE_PLANPROGRAM)
    response = client.post("/v1/checks", files={"file": ("p.docx", data)}, data={"type": "x"})
    assert response.status_code == 422


def test_cli_text_in_nynorsk(cli_env: Settings, tmp_path: Path) -> None:
    path = tmp_path / "utkast.docx"
    path.write_bytes(docx_bytes(without(COMPLETE_PLANPROGRAM, "5 Alternativer")))
    result = runner.invoke(app, ["check", str(path), "--language", "nn"])
    assert result.exit_code == 0, result.output
    assert "Sjekk av utkast.docx (planprogram)" in result.output
    assert "✗ Manglar: Sei kva alternativ som vil bli vurderte." in result.output
    assert "Funne i 1 Formål med planarbeidet" in result.output and "Kjelder:" in result.output


def test_cli_json_is_the_api_body(cli_env: Settings, tmp_path: Path) -> None:
    path = tmp_path / "strategi.pdf"
    path.write_bytes(draft_pdf(PLANSTRATEGI, "Planstrategi"))
    args = ["check", str(path), "--type", "planstrategi", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["doc_type"] == "planstrategi" and report["counts"]["missing"] >= 10
    assert statuses(report)["folkehelse.oversikt"] == "missing"


def test_cli_bad_file_is_one_line(cli_env: Settings, tmp_path: Path) -> None:
    path = tmp_path / "utkast.docx"
    path.write_bytes(b"")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1 and "utkast.docx is empty" in result.output
