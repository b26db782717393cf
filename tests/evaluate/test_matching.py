"""One-to-one matching of gold and predicted items within a report."""

from __future__ import annotations

from collections.abc import Callable

from graphbuilder.evaluate.matching import assign


def by_table(table: dict[tuple[str, str], int]) -> Callable[[str, str], int | None]:
    return lambda gold, predicted: table.get((gold, predicted))


def test_the_matching_with_most_pairs_wins_over_a_greedy_first_choice() -> None:
    # greedy would give A its best partner X and leave B without one
    score = by_table({("A", "X"): 10, ("A", "Y"): 9, ("B", "X"): 9})
    assert assign(["A", "B"], ["X", "Y"], score) == [(0, 1), (1, 0)]


def test_among_full_matchings_the_highest_score_wins() -> None:
    score = by_table({("A", "X"): 1, ("A", "Y"): 5, ("B", "X"): 5, ("B", "Y"): 1})
    assert assign(["A", "B"], ["X", "Y"], score) == [(0, 1), (1, 0)]


def test_unmatched_items_follow_the_pairs_gold_first() -> None:
    score = by_table({("A", "Y"): 1})
    assert assign(["A", "B"], ["X", "Y", "Z"], score) == [(0, 1), (1, None), (None, 0), (None, 2)]
    assert assign([], ["X"], score) == [(None, 0)]


def test_equal_scores_pair_items_in_the_same_positions() -> None:
    score = by_table({(g, p): 1 for g in "AB" for p in "XY"})
    assert assign(["A", "B"], ["X", "Y"], score) == [(0, 0), (1, 1)]
