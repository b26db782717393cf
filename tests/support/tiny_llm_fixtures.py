"""Pytest fixtures over tests/support/tiny_llm.py, for every module that runs a real vLLM.

Import them where needed (``from tests.support.tiny_llm_fixtures import tiny_model_dir``) or
once in tests/conftest.py. The model is built once per test session (a few seconds).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.tiny_llm import cached_tiny_model


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny random Llama's directory, shared by the whole session."""
    return cached_tiny_model(tmp_path_factory.getbasetemp() / "models")
