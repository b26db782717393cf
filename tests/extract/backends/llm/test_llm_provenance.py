"""Provenance: the model's identity, the device, and the vLLM settings worth recording."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuilder.extract.backends.llm.provenance import (
    Device,
    model_revision,
    vllm_environment,
)


def test_a_given_revision_wins(tmp_path: Path) -> None:
    assert model_revision(str(tmp_path), "v1.2") == "v1.2"


def test_a_local_model_folder_is_fingerprinted_by_its_files(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"hidden_size": 128}')
    (tmp_path / "model.safetensors").write_bytes(b"\x00" * 4096)
    first = model_revision(str(tmp_path), None)
    assert first.startswith("local-") and first == model_revision(str(tmp_path), None)

    (tmp_path / "model.safetensors").write_bytes(b"\x01" + b"\x00" * 4095)
    assert model_revision(str(tmp_path), None) != first


def test_a_hugging_face_snapshot_folder_gives_its_commit(tmp_path: Path) -> None:
    commit = "0123456789abcdef0123456789abcdef01234567"
    snapshot = tmp_path / "models--org--name" / "snapshots" / commit
    snapshot.mkdir(parents=True)
    assert model_revision(str(snapshot), None) == commit
    assert model_revision("org/name", None) == "unpinned"


def test_only_vllm_settings_that_can_change_answers_are_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VLLM_BATCH_INVARIANT", "1")
    monkeypatch.setenv("VLLM_ATTENTION_BACKEND", "FLASH_ATTN")
    monkeypatch.setenv("VLLM_API_KEY", "secret")
    monkeypatch.setenv("VLLM_LOGGING_LEVEL", "DEBUG")
    recorded = vllm_environment()
    assert recorded["VLLM_BATCH_INVARIANT"] == "1"
    assert recorded["VLLM_ATTENTION_BACKEND"] == "FLASH_ATTN"
    assert "VLLM_API_KEY" not in recorded and "VLLM_LOGGING_LEVEL" not in recorded


@pytest.mark.parametrize(
    ("device", "supported"),
    [
        (Device("cpu"), False),
        (Device("4 x NVIDIA A40", ((8, 6),) * 4), True),
        (Device("1 x Tesla V100", ((7, 0),)), False),
        (Device("mixed", ((9, 0), (7, 5))), False),
    ],
)
def test_batch_invariance_needs_compute_capability_8_on_every_gpu(
    device: Device, supported: bool
) -> None:
    assert device.supports_batch_invariance is supported
