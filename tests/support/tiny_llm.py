"""A tiny random Llama, built on the fly, that real vLLM can load on a CPU in tests.

No model can be downloaded here, and the tests only need vLLM's machinery (batching,
structured outputs, the OpenAI-compatible server) to run for real; the answers' content does not
matter. So we train a small byte-level BPE tokenizer on a synthetic French radiology corpus and
pair it with a 2-layer Llama with seeded random weights. Everything is deterministic for a seed.

``start_openai_server`` runs vLLM's OpenAI-compatible server on such a model (or any model
directory) as a child process for the duration of a ``with`` block.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily at run time: only the LLM extra installs them
    from transformers import LlamaForCausalLM, PreTrainedTokenizerFast

TINY_MODEL_SEED = 20241123
# Written last by build_tiny_model: a directory without it is an interrupted build.
COMPLETE_MARKER = "tiny_llm_complete.json"
VOCAB_SIZE = 1024  # an upper bound: the small corpus yields about 630 tokens
BOS, EOS, PAD = "<s>", "</s>", "<pad>"
# A minimal chat template so that /v1/chat/completions works as well as /v1/completions.
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}"
    "<|{{ message['role'] }}|>\n{{ message['content'] }}\n"
    "{% endfor %}{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)

# Structured outputs pinned as the project runs them: xgrammar, and compact JSON (a random model
# otherwise loops on whitespace until max_tokens). In vLLM 0.32 a named backend never falls back
# to another one; the older `disable_fallback` key is gone and is rejected as an unknown field.
STRUCTURED_OUTPUTS_CONFIG: dict[str, Any] = {
    "backend": "xgrammar",
    "disable_any_whitespace": True,
}
# `vllm.LLM` keyword arguments for tests on the tiny model (add `model=` and `seed=`). Eager mode
# skips torch.compile: load drops from ~40 s (warm compile cache; ~70 s cold) to ~22 s.
# disable_log_stats=False keeps the metrics (prefix-cache hits) that LLM turns off by default.
TINY_ENGINE_KWARGS: dict[str, Any] = {
    "generation_config": "vllm",
    "max_model_len": 4096,
    "enforce_eager": True,
    "enable_prefix_caching": True,
    "disable_log_stats": False,
    "structured_outputs_config": STRUCTURED_OUTPUTS_CONFIG,
}
# KV cache size in GiB for the CPU backend; vLLM's default would take far more of a small CI box.
VLLM_CPU_ENV = {"VLLM_CPU_KVCACHE_SPACE": "1"}

_EXAMS = ["Scanner thoraco-abdomino-pelvien", "IRM hépatique", "TEP-TDM", "Échographie abdominale"]
_ORGANS = ["hépatique", "pulmonaire", "surrénalienne", "ganglionnaire", "osseuse", "péritonéale"]
_SEGMENTS = ["segment IV", "segment VII", "lobe supérieur droit", "lobe inférieur gauche"]
_VERDICTS = [
    ("Au total : SD", "Stability"),
    ("Au total : PR", "Response"),
    ("Au total : PD", "Progression"),
    ("Bilan initial", "Not-a-follow-up"),
    ("Stabilité des lésions cibles", "Stability"),
    ("Progression tumorale hépatique", "Progression"),
    ("Réponse partielle selon RECIST 1.1", "Response"),
]


def synthetic_corpus(seed: int = TINY_MODEL_SEED, lines: int = 400) -> list[str]:
    """Short synthetic radiology-like French lines, with digits, dates and JSON answers."""
    rng = random.Random(seed)
    corpus = [verdict for verdict, _ in _VERDICTS]
    while len(corpus) < lines:
        size_a, size_b = rng.randint(3, 95), rng.randint(3, 95)
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2025)
        verdict, label = rng.choice(_VERDICTS)
        corpus += [
            f"{rng.choice(_EXAMS)} du {day:02d}/{month:02d}/{year}.",
            f"Lésion {rng.choice(_ORGANS)} du {rng.choice(_SEGMENTS)} de {size_a} x {size_b} mm"
            f" (contre {size_b + rng.randint(-5, 5)} mm).",
            f"Pas d'adénopathie ni d'épanchement. {verdict}.",
            json.dumps(
                {"evolution": label, "evidence": verdict, "size_mm": size_a},
                ensure_ascii=False,
            ),
            json.dumps({"lesions": [{"organ": rng.choice(_ORGANS), "size_mm": size_b}]}),
        ]
    return corpus[:lines]


def _train_tokenizer(corpus: Sequence[str]) -> PreTrainedTokenizerFast:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=[BOS, EOS, PAD],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(corpus, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token=BOS, eos_token=EOS, pad_token=PAD
    )
    fast.chat_template = CHAT_TEMPLATE
    return fast


def _random_llama(tokenizer: PreTrainedTokenizerFast, seed: int) -> LlamaForCausalLM:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=128,
        intermediate_size=256,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        head_dim=64,  # the CPU attention kernel rejects smaller heads (16 failed)
        max_position_embeddings=4096,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=False,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = LlamaForCausalLM(config)
    # bfloat16 is what vLLM's CPU backend computes in; saving it avoids a cast at load.
    model.to(torch.bfloat16)  # type: ignore[arg-type]  # in place; transformers' stub is wrong
    return model


def build_tiny_model(directory: Path, seed: int = TINY_MODEL_SEED) -> Path:
    """Write a tokenizer and a seeded random Llama into ``directory``; return it.

    The same seed gives byte-identical safetensors and tokenizer files. Takes a few seconds.
    """
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer = _train_tokenizer(synthetic_corpus(seed))
    tokenizer.save_pretrained(directory)
    model = _random_llama(tokenizer, seed)
    model.save_pretrained(directory)
    (directory / COMPLETE_MARKER).write_text(json.dumps({"seed": seed}) + "\n")
    return directory


def cached_tiny_model(cache_root: Path, seed: int = TINY_MODEL_SEED) -> Path:
    """The tiny model under ``cache_root``, built once (pytest: the session's base temp dir).

    Builds into a sibling temporary directory and renames it, so concurrent or interrupted
    builds never leave a half-written model behind.
    """
    target = cache_root / f"tiny-llama-{seed}"
    if (target / COMPLETE_MARKER).is_file():
        return target
    cache_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=cache_root))
    try:
        build_tiny_model(staging, seed)
        with contextlib.suppress(OSError):  # another process won the race: keep its copy
            staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class OpenAIServer:
    """A running vLLM OpenAI-compatible server started by ``start_openai_server``."""

    base_url: str  # e.g. http://127.0.0.1:41234 (append /v1/... for the API)
    model: str  # the name requests must use in their "model" field
    process: subprocess.Popen[bytes]
    log_path: Path
    startup_seconds: float

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_path, lines)


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def server_command(model_dir: Path, port: int, served_name: str, seed: int) -> list[str]:
    """The server command line; ``vllm serve`` fails with vllm-cpu (see ENVIRONMENT.md)."""
    return [
        sys.executable,
        "-m",
        "vllm.entrypoints.openai.api_server",
        "--model",
        str(model_dir),
        "--served-model-name",
        served_name,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--seed",
        str(seed),
        "--generation-config",
        "vllm",
        "--max-model-len",
        "4096",
        "--enforce-eager",
        "--enable-prefix-caching",
        "--structured-outputs-config",
        json.dumps(STRUCTURED_OUTPUTS_CONFIG),
    ]


def _is_ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/v1/models", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes], grace_seconds: float = 20.0) -> None:
    """Terminate the server's whole process group (the API server spawns an engine core)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace_seconds)
    # Children may outlive the leader; the group id stays the leader's pid.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


@contextlib.contextmanager
def start_openai_server(
    model_dir: Path,
    port: int,
    *,
    served_name: str = "tiny-llama",
    seed: int = TINY_MODEL_SEED,
    startup_timeout: float = 300.0,
    extra_args: Sequence[str] = (),
    log_dir: Path | None = None,
) -> Iterator[OpenAIServer]:
    """Run vLLM's OpenAI-compatible server on 127.0.0.1:``port`` until the block exits.

    Waits until /v1/models answers (the model is loaded then); raises RuntimeError with the
    server's log tail if it exits or is not ready within ``startup_timeout`` seconds.
    """
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="vllm-server-"))
    log_path = log_dir / f"vllm-server-{port}.log"
    env = {**os.environ, **VLLM_CPU_ENV}
    command = [*server_command(model_dir, port, served_name, seed), *extra_args]
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        while not _is_ready(base_url):
            if process.poll() is not None:
                raise RuntimeError(
                    f"vLLM server exited with code {process.returncode} before it was ready; "
                    f"log {log_path}:\n{_tail(log_path, 40)}"
                )
            if time.monotonic() - started > startup_timeout:
                raise RuntimeError(
                    f"vLLM server not ready on {base_url} after {startup_timeout:.0f} s; "
                    f"log {log_path}:\n{_tail(log_path, 40)}"
                )
            time.sleep(0.5)
        yield OpenAIServer(base_url, served_name, process, log_path, time.monotonic() - started)
    finally:
        _stop(process)
