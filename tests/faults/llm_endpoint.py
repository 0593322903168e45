"""A real OpenAI-compatible chat endpoint on loopback that misbehaves on demand.

The app talks to it exactly as to llama.cpp, Ollama or vLLM (``PLANASSIST_LLM=openai``,
``PLANASSIST_LLM_BASE_URL``); ``fault`` says how it answers the next requests, and every
request body is kept in ``requests``.

>>> with LLMEndpoint(answer="Kommunestyret vedtar den [1].") as llm:
...     llm.fault = "slow"          # answers only after the client has given up
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Fault = Literal[
    "none",  # a proper answer, streamed (SSE) or whole (JSON) as asked
    "slow",  # nothing until long after the client's timeout
    "stall",  # a stream that starts, then goes quiet past the timeout
    "error",  # HTTP 500 with an OpenAI error body
    "garbage",  # 200 with a body that is not JSON (or SSE events that are not)
    "wrong_shape",  # 200 with JSON that is not a chat completion
    "empty",  # a proper completion whose text is empty
    "broken",  # a stream cut off mid-body (the connection drops)
    "hangup",  # the connection closes before any response
]
SLOW_S = 3.0
"""How long ``slow`` and ``stall`` keep the client waiting: well past the test timeout."""


def _completion(text: str) -> dict[str, Any]:
    message = {"role": "assistant", "content": text}
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": 0,
        "model": "fault-llm",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(delta: dict[str, str], finish: str | None = None) -> bytes:
    body = {
        "id": "chatcmpl-fault",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fault-llm",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


WHOLE = {  # fault → (status, content type, body) of a JSON request
    "error": (500, "application/json", b'{"error": {"message": "model crashed"}}'),
    "garbage": (200, "application/json", b"<html>Bad Gateway"),
    "wrong_shape": (200, "application/json", b'{"result": "ok"}'),
}
STREAMED = {  # the same for a streaming request
    "error": WHOLE["error"],
    "garbage": (200, "text/event-stream", b"data: <html>Bad Gateway</html>\n\n"),
    "wrong_shape": (200, "text/event-stream", b'data: {"result": "ok"}\n\ndata: [DONE]\n\n'),
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (timeout) resets its connection: not worth a traceback."""


class LLMEndpoint:
    """``/v1/chat/completions`` on a free 127.0.0.1 port, in a background thread."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.fault: Fault = "none"
        self.requests: list[dict[str, Any]] = []
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self.address = self._server.server_address[:2]

    @property
    def base_url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> LLMEndpoint:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Listen (again, on the same port, after ``stop``)."""
        if self._server.fileno() == -1:
            self._server = _Server(self.address, self._handler())
        serve = self._server.serve_forever
        threading.Thread(target=serve, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        """Stop listening: from now on a connection is refused (the "down" fault)."""
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                endpoint.requests.append(body)
                fault, stream = endpoint.fault, bool(body.get("stream"))
                if fault == "hangup":
                    self.close_connection = True
                    return
                if fault == "slow":
                    time.sleep(SLOW_S)
                canned = (STREAMED if stream else WHOLE).get(fault)
                text = "" if fault == "empty" else endpoint.answer
                if canned:
                    self._send(*canned)
                elif stream:
                    self._stream(fault, text)
                else:
                    self._send(200, "application/json", json.dumps(_completion(text)).encode())

            def _stream(self, fault: Fault, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                words = [w if i == 0 else f" {w}" for i, w in enumerate(text.split(" "))]
                pieces = [_chunk({"role": "assistant", "content": ""})]
                pieces += [_chunk({"content": word}) for word in words]
                if fault in ("broken", "stall"):
                    for piece in pieces[:3]:
                        self._write_chunk(piece)
                    if fault == "stall":
                        time.sleep(SLOW_S)
                    self.wfile.write(b"5\r\ndata")  # half a chunk, then the connection drops
                    self.close_connection = True
                    return
                for piece in [*pieces, _chunk({}, "stop"), b"data: [DONE]\n\n"]:
                    self._write_chunk(piece)
                self.wfile.write(b"0\r\n\r\n")

            def _write_chunk(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def _send(self, status: int, content_type: str, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
