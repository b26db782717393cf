"""Memory settings for the long passes of a build.

A build allocates millions of small objects that live until their patient is written (parsed
extractions, graph rows) and forms almost no reference cycles. With CPython's default
thresholds the cycle collector runs every 700 allocations and keeps walking the same live
objects: a quarter of a full build's CPU here. Collecting less often (`fewer_cycle_collections`,
which the benchmarks' generators use) costs a little memory, never correctness: reference
counting still frees every acyclic object at once.

Even at that rate the collector took 12 % of a build: each young pass walks 100,000 objects
that are almost all alive (the batch of patients not written yet). So a build turns the
automatic collector off (`collections_between_batches`) and collects at the points where a
batch has just been written and freed (`collect_written_batch`); what is built before the
pass (the corpus's reports grouped by patient, the replayed extractions' index) is frozen out
of those walks (`freeze_built`), and was not walked while it was built either."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# A young-generation pass every 100,000 net allocations rather than 700; the older
# generations keep their default ratios to it.
YOUNG_GENERATION_THRESHOLD = 100_000


@contextmanager
def fewer_cycle_collections() -> Iterator[None]:
    """Run the block with the cycle collector's thresholds raised, then restore them."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], YOUNG_GENERATION_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def collections_between_batches() -> Iterator[None]:
    """Run the block with the automatic cycle collector off; inside, call
    `collect_written_batch` whenever a batch of work has been released, and `freeze_built`
    once what the rest of the block only reads is built. The collector comes back after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def freeze_built() -> None:
    """Leave every object alive now out of the collector's walks (`gc.freeze`)."""
    gc.freeze()


def collect_written_batch() -> None:
    """Free the reference cycles among what was made since the last call (the two younger
    generations; survivors move to the oldest, walked again only after the block)."""
    gc.collect(1)
