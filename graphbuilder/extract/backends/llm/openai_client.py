"""An OpenAI-compatible server (`vllm serve` in production) behind the `Generator` protocol.

Requests run concurrently up to `concurrency`, each with a timeout. A timeout, a connection error,
HTTP 408/429 or a 5xx is retried with exponential backoff (honouring `Retry-After`); after
`http_retries` the request is reported unavailable and is not cached. When the server fails
several requests in a row, the remaining ones of the batch are not sent: a dead server costs
seconds, not hours. The endpoint must be local unless `allow_remote` (see `egress.py`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

import httpx

from graphbuilder.core.errors import ConfigError
from graphbuilder.extract.backends.llm.egress import check_endpoint
from graphbuilder.extract.backends.llm.generation import (
    Completion,
    GenerationRequest,
    Result,
    Unavailable,
)
from graphbuilder.extract.backends.llm.provenance import package_version
from graphbuilder.extract.backends.llm.settings import LLMSettings

_RETRIED_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_MAX_BACKOFF_S = 30.0


class OpenAIGenerator:
    """Completions from an OpenAI-compatible HTTP server."""

    backend = "openai"

    def __init__(self, settings: LLMSettings) -> None:
        if not settings.endpoint:
            raise ConfigError("llm.endpoint: the openai backend needs --llm-endpoint URL")
        self.settings = settings
        self.base_url = check_endpoint(settings.endpoint, settings.allow_remote)
        headers = {}
        if api_key := os.environ.get(settings.api_key_env):
            headers["Authorization"] = f"Bearer {api_key}"
        timeout = httpx.Timeout(settings.timeout_s, connect=min(10.0, settings.timeout_s))
        self._client = httpx.Client(base_url=self.base_url, timeout=timeout, headers=headers)
        self._lock = threading.Lock()
        self._failures_in_a_row = 0
        self._breaker = max(3, settings.concurrency)

    def identity(self) -> dict[str, Any]:
        return {"api": "openai-compatible", "schema_field": self.settings.schema_field}

    def describe(self) -> dict[str, Any]:
        return {**self.identity(), "endpoint": self.base_url, "httpx": package_version("httpx")}

    def server_info(self) -> dict[str, Any]:
        """What the server says about itself (vLLM version, served model); {} if it cannot."""
        info: dict[str, Any] = {}
        try:
            version = self._client.get("/version", timeout=10)
            if version.status_code == 200:
                info["version"] = version.json().get("version")
            models = self._client.get("/v1/models", timeout=10)
            if models.status_code == 200:
                info["models"] = [
                    {key: entry.get(key) for key in ("id", "root", "max_model_len")}
                    for entry in models.json().get("data", [])
                ]
        except (httpx.HTTPError, ValueError):
            return info
        return info

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Result]]:
        self._failures_in_a_row = 0
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            futures = {
                pool.submit(self._complete, request): i for i, request in enumerate(requests)
            }
            for future in as_completed(futures):
                yield futures[future], future.result()

    def _complete(self, request: GenerationRequest) -> Result:
        if self._failures_in_a_row >= self._breaker:
            return Unavailable(
                f"not sent: the server at {self.base_url} failed "
                f"{self._failures_in_a_row} requests in a row"
            )
        result = self._send(request)
        with self._lock:
            self._failures_in_a_row = (
                self._failures_in_a_row + 1 if isinstance(result, Unavailable) else 0
            )
        return result

    def _send(self, request: GenerationRequest) -> Result:
        chat = request.prompt_format == "chat"
        path = "/v1/chat/completions" if chat else "/v1/completions"
        body = self._body(request, chat)
        problem = "no attempt"
        for attempt in range(self.settings.http_retries + 1):
            try:
                response = self._client.post(path, json=body)
            except httpx.TimeoutException:
                problem = f"no answer within {self.settings.timeout_s:g} s"
                self._pause(attempt, None)
                continue
            except httpx.TransportError as error:
                problem = f"cannot reach {self.base_url} ({type(error).__name__})"
                self._pause(attempt, None)
                continue
            if response.status_code in _RETRIED_STATUS:
                problem = f"HTTP {response.status_code} from {self.base_url}"
                self._pause(attempt, response.headers.get("retry-after"))
                continue
            if response.status_code != 200:
                return Unavailable(f"HTTP {response.status_code}: {_server_message(response)}")
            return _completion(response, chat)
        return Unavailable(f"{problem} (after {self.settings.http_retries + 1} attempts)")

    def _pause(self, attempt: int, retry_after: str | None) -> None:
        if attempt >= self.settings.http_retries:
            return
        delay = self.settings.backoff_s * 2**attempt
        if retry_after and retry_after.isdigit():
            delay = max(delay, float(retry_after))
        time.sleep(min(delay, _MAX_BACKOFF_S))

    def _body(self, request: GenerationRequest, chat: bool) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.settings.model, "n": 1, **request.sampling.as_dict()}
        if chat:
            body["messages"] = request.prompt.messages()
        else:
            body["prompt"] = request.prompt.text
        if self.settings.schema_field == "structured_outputs":
            body["structured_outputs"] = {"json": request.schema}
        else:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": request.schema.get("title", "answer"),
                    "schema": request.schema,
                    "strict": True,
                },
            }
        return body

    def close(self) -> None:
        self._client.close()


def _completion(response: httpx.Response, chat: bool) -> Result:
    try:
        data = response.json()
        choice = data["choices"][0]
        text = choice["message"]["content"] if chat else choice["text"]
        usage = data.get("usage") or {}
        details = usage.get("prompt_tokens_details") or {}
        return Completion(
            text=text or "",
            finish_reason=choice.get("finish_reason"),
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            cached_tokens=int(details.get("cached_tokens") or 0),
        )
    except (ValueError, KeyError, IndexError, TypeError):
        return Unavailable("the server's reply is not an OpenAI completion")


def _server_message(response: httpx.Response) -> str:
    """The server's error message, shortened, without any echo of the request's input."""
    try:
        error = response.json().get("error", {})
        message = error.get("message") if isinstance(error, dict) else str(error)
    except ValueError:
        message = response.text
    message = (message or response.reason_phrase).split("input_value")[0]
    return message[:200]
