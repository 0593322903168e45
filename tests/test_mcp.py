"""The MCP server through the SDK's own client: in-process, over stdio (``planassist mcp``
as a subprocess) and over streamable HTTP on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.server.mcpserver import MCPServer

from assistant.mcp_server import DOCUMENTS_URI, build_server, http_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.helpers import free_port, serve_in_thread

pytestmark = pytest.mark.anyio
TOOLS = {"search", "ask", "get_document", "draft_section"}
COVERED = "Hvem skal vedta kommunal planstrategi?"
NOT_COVERED = "Hva er reglene for fiskekvoter i Barentshavet?"


@pytest.fixture(scope="module")
def server(assistant: Assistant) -> MCPServer:
    return build_server(assistant)


@pytest.fixture(scope="module")
def mcp_url(server: MCPServer) -> Iterator[str]:
    with serve_in_thread(http_app(server)) as url:
        yield f"{url}/mcp"


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    return result.structured_content


async def test_tools_answer_cite_and_decline(server: MCPServer) -> None:
    async with Client(server) as client:
        assert {tool.name for tool in (await client.list_tools()).tools} == TOOLS
        answer = await call(client, "ask", question=COVERED)
        assert not answer["abstained"] and "kommunestyret" in answer["answer"].lower()
        assert any(c["section"].startswith("§ 10-1") for c in answer["citations"])
        declined = await call(client, "ask", question=NOT_COVERED)
        assert declined["abstained"] and declined["citations"] == []
        found = await call(client, "search", query="§ 10-1 kommunal planstrategi", top_k=2)
        assert len(found["hits"]) == 2
        assert found["hits"][0]["chunk"]["section"].startswith("§ 10-1")


async def test_get_document_by_paragraph_or_passage_id(server: MCPServer) -> None:
    async with Client(server) as client:
        paragraph = await call(client, "get_document", doc_id="pbl", section="10-1")
        sections = {s["section"] for s in paragraph["sections"]}
        assert sections == {"§ 10-1. Kommunal planstrategi"} and paragraph["title"]
        chunk_id = paragraph["sections"][0]["chunk_id"]
        by_id = await call(client, "get_document", doc_id="pbl", section=chunk_id)
        assert [s["chunk_id"] for s in by_id["sections"]] == [chunk_id]
        whole = await call(client, "get_document", doc_id="pbl")
        assert len(whole["sections"]) == whole["chunks"] > len(paragraph["sections"])
        missing = await client.call_tool("get_document", {"doc_id": "pbl", "section": "§ 99-9"})
        assert missing.is_error and "has no section '§ 99-9'" in missing.content[0].text


async def test_draft_section_and_document_resource(server: MCPServer) -> None:
    async with Client(server) as client:
        draft = await call(
            client,
            "draft_section",
            kommune="Eksempelvik",
            plantype="kommunedelplan",
            tema="helse og omsorg",
            periode="2026-2036",
            section="medvirkning",
        )
        assert [s["key"] for s in draft["sections"]] == ["medvirkning"] and draft["citations"]
        bad = await client.call_tool("draft_section", {**draft["inputs"], "section": "nope"})
        assert bad.is_error and "nope" in bad.content[0].text
        resources = (await client.list_resources()).resources
        assert [str(r.uri) for r in resources] == [DOCUMENTS_URI]
        listing = (await client.read_resource(DOCUMENTS_URI)).contents[0].text
        assert '"id": "pbl"' in listing


async def test_streamable_http_on_loopback(mcp_url: str) -> None:
    async with Client(mcp_url) as client:
        assert {tool.name for tool in (await client.list_tools()).tools} == TOOLS
        answer = await call(client, "ask", question=COVERED)
        assert answer["citations"] and not answer["abstained"]
        empty = await client.call_tool("ask", {"question": "  "})
        assert empty.is_error and "empty" in empty.content[0].text


async def test_planassist_mcp_over_stdio(cli_env: Settings) -> None:
    command = Path(sys.executable).parent / "planassist"
    params = StdioServerParameters(command=str(command), args=["mcp"], env=dict(os.environ))
    async with Client(params) as client:
        assert {tool.name for tool in (await client.list_tools()).tools} == TOOLS
        answer = await call(client, "ask", question=COVERED)
        assert answer["citations"] and not answer["abstained"]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


async def test_planassist_mcp_http_flag(cli_env: Settings) -> None:
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "planassist"),
        "mcp",
        "--http",
        "--port",
        str(port),
    ]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as process:
        try:
            deadline = time.monotonic() + 60
            while not _listening(port):
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "planassist mcp --http did not start"
                time.sleep(0.2)
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                found = await call(client, "search", query="planprogram", top_k=1)
            assert len(found["hits"]) == 1
        finally:
            process.terminate()
