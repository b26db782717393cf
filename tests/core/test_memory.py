from __future__ import annotations

import gc
import weakref

import pytest

from graphbuilder.core.memory import (
    YOUNG_GENERATION_THRESHOLD,
    collect_written_batch,
    collections_between_batches,
    fewer_cycle_collections,
    freeze_built,
)


def test_the_young_generation_is_collected_less_often_inside_and_as_before_after() -> None:
    before = gc.get_threshold()
    with fewer_cycle_collections():
        inside = gc.get_threshold()
    assert inside == (YOUNG_GENERATION_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before


def test_the_thresholds_come_back_when_the_block_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_cycle_collections():
        raise RuntimeError("a build that failed")
    assert gc.get_threshold() == before


def test_between_batches_the_collector_is_off_and_what_was_built_before_is_not_walked() -> None:
    reports = [[index] for index in range(1000)]  # built before the pass, read by it
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with collections_between_batches():
        assert not gc.isenabled()
        freeze_built()
        assert gc.get_freeze_count() >= len(reports)
        row = _Row()
        row.itself = row  # a cycle: only the collector frees it
        freed = weakref.ref(row)
        del row
        assert freed() is not None
        collect_written_batch()
        assert freed() is None
    assert gc.isenabled() and gc.get_freeze_count() == 0


class _Row:
    itself: _Row | None = None
