"""Precision, recall, F1, confusion matrices and kappa from counts."""

from __future__ import annotations

from graphbuilder.evaluate.scores import Confusion, Tally


def test_figures_are_none_when_there_is_nothing_to_divide_by() -> None:
    assert (Tally().precision, Tally().recall, Tally().f1) == (None, None, None)
    only_misses = Tally(fn=3)
    assert (only_misses.precision, only_misses.recall, only_misses.f1) == (None, 0.0, None)
    tally = Tally(tp=3, fp=1, fn=2)
    assert (tally.precision, tally.recall) == (3 / 4, 3 / 5)
    assert tally.f1 == 2 * (3 / 4) * (3 / 5) / (3 / 4 + 3 / 5)


def test_cohens_kappa_on_the_pairs_where_both_sides_have_a_value() -> None:
    confusion = Confusion(("yes", "no"))
    for gold, predicted, n in (
        ("yes", "yes", 20),
        ("yes", "no", 5),
        ("no", "yes", 10),
        ("no", "no", 15),
    ):
        for _ in range(n):
            confusion.add(gold, predicted)
    confusion.add("yes", None)  # a miss does not enter kappa
    observed, expected = 35 / 50, (25 / 50) * (30 / 50) + (25 / 50) * (20 / 50)
    kappa = confusion.kappa()
    assert kappa is not None and abs(kappa - (observed - expected) / (1 - expected)) < 1e-12
    assert confusion.accuracy() == 35 / 51


def test_unexpected_labels_get_their_own_row_and_column() -> None:
    confusion = Confusion(("CR", "PR"))
    confusion.add("CR", "iCR")
    assert confusion.axis() == ("CR", "PR", "iCR", "(none)")
    assert confusion.as_dict()["matrix"][0] == [0, 0, 1, 0]
