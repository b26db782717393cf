"""The openai backend's HTTP client against a small scripted server on a loopback port.

The server is real HTTP (so httpx, timeouts and retries run for real) and answers as scripted:
a completion, an error status, a reply too slow for the timeout. It records every request body,
so the tests check what the client sends.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from graphbuilder.core.errors import ConfigError
from graphbuilder.extract.backends.llm.backend import LLMBackend
from graphbuilder.extract.backends.llm.generation import (
    Completion,
    GenerationRequest,
    Prompt,
    Sampling,
    Unavailable,
)
from graphbuilder.extract.backends.llm.openai_client import OpenAIGenerator
from graphbuilder.extract.backends.llm.tasks import TASKS_BY_NAME
from tests.extract.backends.llm.fakes import EVOLUTION_ANSWER, report, settings

Reply = Callable[[dict[str, Any]], tuple[int, Any]]


def completion_reply(content: Any, finish_reason: str = "stop") -> Reply:
    def reply(body: dict[str, Any]) -> tuple[int, Any]:
        text = content if isinstance(content, str) else json.dumps(content)
        choice: dict[str, Any] = {"index": 0, "finish_reason": finish_reason}
        if "messages" in body:
            choice["message"] = {"role": "assistant", "content": text}
        else:
            choice["text"] = text
        usage = {
            "prompt_tokens": 812,
            "completion_tokens": 31,
            "prompt_tokens_details": {"cached_tokens": 768},
        }
        return 200, {"id": "x", "choices": [choice], "usage": usage}

    return reply


def status(code: int) -> Reply:
    return lambda body: (code, {"error": {"message": f"status {code}"}})


def slow(seconds: float, then: Reply) -> Reply:
    def reply(body: dict[str, Any]) -> tuple[int, Any]:
        time.sleep(seconds)
        return then(body)

    return reply


class ScriptedServer:
    """Replies in order (the last one repeats); records (path, body) of every request."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with server.lock:
                    server.received.append((self.path, body))
                    reply = server.replies.pop(0) if len(server.replies) > 1 else server.replies[0]
                code, payload = reply(body)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[..., ScriptedServer]]:
    servers: list[ScriptedServer] = []

    def start(*replies: Reply) -> ScriptedServer:
        servers.append(ScriptedServer(*replies))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def request(prompt_format: str = "chat", max_tokens: int = 64) -> GenerationRequest:
    schema = TASKS_BY_NAME["radiology_evolution"].schema()
    sampling = Sampling(temperature=0.0, top_p=1.0, seed=7, max_tokens=max_tokens)
    prompt = Prompt("Tu es un radiologue.\n", "Compte rendu :\nAu total : SD.\nRéponse :")
    return GenerationRequest(
        "report 'R1' radiology_evolution #1", prompt, schema, sampling, prompt_format
    )


def generator(tmp_path: Path, url: str, **overrides: Any) -> OpenAIGenerator:
    values = {"endpoint": url, "http_retries": 2, "backoff_s": 0.01, "timeout_s": 5.0}
    return OpenAIGenerator(settings(tmp_path, **{**values, **overrides}))


def test_a_chat_request_carries_the_schema_and_every_sampling_parameter(
    tmp_path: Path, serve: Callable[..., ScriptedServer]
) -> None:
    server = serve(completion_reply(EVOLUTION_ANSWER))
    [(index, result)] = generator(tmp_path, server.url).generate([request()])

    assert index == 0
    assert result == Completion(json.dumps(EVOLUTION_ANSWER), "stop", 812, 31, 768)
    [(path, body)] = server.received
    assert path == "/v1/chat/completions"
    assert body == {
        "model": "fake-model",
        "n": 1,
        "temperature": 0.0,
        "top_p": 1.0,
        "seed": 7,
        "max_tokens": 64,
        "messages": [
            {"role": "system", "content": "Tu es un radiologue.\n"},
            {"role": "user", "content": "Compte rendu :\nAu total : SD.\nRéponse :"},
        ],
        "structured_outputs": {"json": TASKS_BY_NAME["radiology_evolution"].schema()},
    }


def test_a_completion_request_sends_the_whole_prompt_and_can_use_response_format(
    tmp_path: Path, serve: Callable[..., ScriptedServer]
) -> None:
    server = serve(completion_reply("{}"))
    client = generator(tmp_path, server.url + "/v1", schema_field="response_format")
    [(_, result)] = client.generate([request("completion")])

    assert isinstance(result, Completion) and result.text == "{}"
    [(path, body)] = server.received
    assert path == "/v1/completions"
    assert body["prompt"] == "Tu es un radiologue.\nCompte rendu :\nAu total : SD.\nRéponse :"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert "structured_outputs" not in body


def test_server_errors_are_retried_with_backoff_then_answered(
    tmp_path: Path, serve: Callable[..., ScriptedServer]
) -> None:
    server = serve(status(503), status(429), completion_reply(EVOLUTION_ANSWER))
    [(_, result)] = generator(tmp_path, server.url).generate([request()])

    assert isinstance(result, Completion)
    assert len(server.received) == 3


def test_a_timeout_past_the_retries_is_unavailable(
    tmp_path: Path, serve: Callable[..., ScriptedServer]
) -> None:
    server = serve(slow(1.0, completion_reply("{}")))
    client = generator(tmp_path, server.url, timeout_s=0.2, http_retries=1)
    [(_, result)] = client.generate([request()])

    assert result == Unavailable("no answer within 0.2 s (after 2 attempts)")


def test_a_client_error_is_not_retried_and_echoes_no_input(
    tmp_path: Path, serve: Callable[..., ScriptedServer]
) -> None:
    def refuse(body: dict[str, Any]) -> tuple[int, Any]:
        return 400, {"error": {"message": "max_tokens too large, input_value='Au total : SD'"}}

    server = serve(refuse)
    [(_, result)] = generator(tmp_path, server.url).generate([request()])

    assert result == Unavailable("HTTP 400: max_tokens too large, ")
    assert len(server.received) == 1


def test_a_dead_server_stops_being_asked_after_a_few_failures(tmp_path: Path) -> None:
    from tests.support.tiny_llm import free_loopback_port

    client = generator(
        tmp_path, f"http://127.0.0.1:{free_loopback_port()}", concurrency=1, http_retries=0
    )
    results = dict(client.generate([request() for _ in range(10)]))

    reasons = [result.reason for result in results.values() if isinstance(result, Unavailable)]
    assert len(reasons) == 10
    assert sum(reason.startswith("cannot reach") for reason in reasons) == 3
    assert sum(reason.startswith("not sent: the server") for reason in reasons) == 7


def test_requests_run_concurrently_up_to_the_bound(
    tmp_path: Path, serve: Callable[..., ScriptedServer]
) -> None:
    server = serve(slow(0.3, completion_reply("{}")))
    started = time.monotonic()
    results = list(generator(tmp_path, server.url, concurrency=4).generate([request()] * 8))

    assert sorted(index for index, _ in results) == list(range(8))
    assert time.monotonic() - started < 8 * 0.3 * 0.6  # two waves of four, not eight in a row


def test_a_remote_endpoint_is_refused_before_any_request(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--allow-remote-llm"):
        generator(tmp_path, "http://8.8.8.8:8000")


def test_the_openai_backend_extracts_through_the_server(
    tmp_path: Path, serve: Callable[..., ScriptedServer]
) -> None:
    server = serve(completion_reply(EVOLUTION_ANSWER))
    overrides = {"endpoint": server.url, "tasks": ("radiology_evolution",)}
    backend = LLMBackend(
        settings(tmp_path / "cache", **overrides), OpenAIGenerator(settings(tmp_path, **overrides))
    )
    [outcome] = backend.extract([report("R1")])

    assert outcome.succeeded and outcome.warnings == ()
    assert backend.info().parameters["endpoint"] == server.url
    assert backend.summary()["counters"]["cached_prompt_tokens"] == 768
