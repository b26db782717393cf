"""One-to-one matching of gold and predicted items of one report (lesions, treatments, ...).

A pair is allowed when `score(gold, pred)` is not None; among the matchings with the most pairs
the one with the highest total score wins (networkx's blossom algorithm on the small bipartite
graph of one report). Scores are integers so that ties are exact; a small bonus for close
positions in the two lists breaks the remaining ties the same way every time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import networkx as nx

G = TypeVar("G")
P = TypeVar("P")

Pair = tuple[int | None, int | None]
"""(gold index, predicted index); None on the side that has no partner."""

_ORDER_BONUS = 9  # at most this much for equal positions: below every real score step


def assign(
    gold: Sequence[G], predicted: Sequence[P], score: Callable[[G, P], int | None]
) -> list[Pair]:
    """Matched pairs (in gold order), then unmatched gold, then unmatched predictions."""
    weights: dict[tuple[int, int], int] = {}
    for i, gold_item in enumerate(gold):
        for j, pred_item in enumerate(predicted):
            value = score(gold_item, pred_item)
            if value is not None:
                weights[i, j] = 1 + (_ORDER_BONUS + 1) * value + max(0, _ORDER_BONUS - abs(i - j))
    matched = _best_matching(weights)
    pairs: list[Pair] = [(i, matched[i]) for i in range(len(gold)) if i in matched]
    used = set(matched.values())
    pairs += [(i, None) for i in range(len(gold)) if i not in matched]
    pairs += [(None, j) for j in range(len(predicted)) if j not in used]
    return pairs


def _best_matching(weights: dict[tuple[int, int], int]) -> dict[int, int]:
    """gold index → predicted index."""
    if not weights:
        return {}
    golds = {i for i, _ in weights}
    preds = {j for _, j in weights}
    if len(weights) == len(golds) == len(preds):  # every item has at most one candidate
        return dict(weights.keys())
    graph = nx.Graph()
    for (i, j), weight in sorted(weights.items()):
        graph.add_edge(("g", i), ("p", j), weight=weight)
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    result: dict[int, int] = {}
    for a, b in matching:
        gold_node, pred_node = (a, b) if a[0] == "g" else (b, a)
        result[gold_node[1]] = pred_node[1]
    return result
