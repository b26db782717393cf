"""Choosing the extraction backend: `auto` takes the best one available here."""

from __future__ import annotations

import importlib
from pathlib import Path

from graphbuilder.core.errors import ConfigError, ExtractionError
from graphbuilder.extract.backend import ExtractionBackend
from graphbuilder.extract.backends.llm.settings import LLM_BACKENDS, LLMSettings
from graphbuilder.extract.backends.precomputed import PrecomputedBackend

_BACKEND_CLASSES = {
    "rules": "graphbuilder.extract.backends.rules:RulesBackend",
}


def resolve_backend(
    name: str, extractions: Path | None = None, llm: LLMSettings | None = None
) -> ExtractionBackend:
    """The backend to run: precomputed when a file of extractions is given, else `name`.

    `auto` is the deterministic `rules` backend: an LLM backend runs only when asked for,
    since it needs a model and its configuration.
    """
    if extractions is not None:
        if name not in ("auto", "precomputed"):
            raise ConfigError(
                f"--extractions loads precomputed extractions; it cannot be "
                f"combined with the {name!r} backend"
            )
        return PrecomputedBackend(extractions)
    if name == "precomputed":
        raise ConfigError("the precomputed backend needs --extractions FILE.jsonl")
    chosen = "rules" if name == "auto" else name
    if chosen in LLM_BACKENDS:  # vllm, openai: they need a model and its settings
        from graphbuilder.extract.backends.llm.backend import create_llm_backend

        return create_llm_backend(chosen, llm)
    target = _BACKEND_CLASSES.get(chosen)
    if target is None:
        raise ConfigError(
            f"extract.backend: {name!r} is not available in this installation "
            f"(available: auto, precomputed, {', '.join([*_BACKEND_CLASSES, *LLM_BACKENDS])})"
        )
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ExtractionError(
            f"the {chosen!r} backend cannot be loaded ({error}) — reinstall with `make install`"
        ) from error
    backend: ExtractionBackend = getattr(module, class_name)()
    return backend
