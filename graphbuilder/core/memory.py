"""Memory settings for the long passes of a build.

A build allocates millions of small objects that live until their patient is written (parsed
extractions, graph rows) and forms almost no reference cycles. With CPython's default
thresholds the cycle collector runs every 700 allocations and keeps walking the same live
objects: a quarter of a full build's CPU here. Collecting less often costs a little memory, never
correctness: reference counting still frees every acyclic object at once.
"""

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
