"""The response cache: keyed by everything that could change an answer, durable per write."""

from __future__ import annotations

from pathlib import Path

from graphbuilder.extract.backends.llm.cache import (
    Attempt,
    CachedAnswer,
    ResponseCache,
    cache_key,
)

COMPONENTS = {"report_sha256": "ab", "prompt": "radiology_evolution.v1", "sampling": {"seed": 1}}
ANSWER = CachedAnswer(
    '{"stated_evolution":null}',
    "stop",
    None,
    (
        Attempt(
            max_tokens=64,
            finish_reason="stop",
            prompt_tokens=10,
            completion_tokens=5,
            cached_tokens=0,
        ),
    ),
)


def test_the_key_changes_with_any_component_and_not_with_their_order() -> None:
    key = cache_key(COMPONENTS)
    assert key == cache_key(dict(reversed(COMPONENTS.items())))
    assert key != cache_key({**COMPONENTS, "sampling": {"seed": 2}})
    assert len(key) == 64


def test_an_answer_survives_closing_and_reopening(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "llm")
    cache.put("k1", COMPONENTS, ANSWER)
    cache.close()

    reopened = ResponseCache(tmp_path / "llm", read_only=True)
    assert reopened.get_many(["k1", "k2"]) == {"k1": ANSWER}
    assert len(reopened) == 1


def test_a_read_only_cache_that_does_not_exist_is_empty_and_creates_nothing(
    tmp_path: Path,
) -> None:
    cache = ResponseCache(tmp_path / "none", read_only=True)
    assert cache.get_many(["k1"]) == {}
    assert not (tmp_path / "none").exists()


def test_many_keys_are_looked_up_in_chunks(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    for index in range(1200):
        cache.put(f"k{index}", COMPONENTS, ANSWER)
    found = cache.get_many(f"k{index}" for index in range(0, 2400, 2))
    assert len(found) == 600
