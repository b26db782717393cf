import gc

import pytest

from graphbuilder.core.memory import YOUNG_GENERATION_THRESHOLD, fewer_cycle_collections


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
