"""Our own qualifier checks, run after EDS-NLP's, for what its cue lists do not cover."""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphbuilder.extract.backends.rules.qualifiers import patterns
from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention
from graphbuilder.extract.backends.rules.text.document import ReportText

_NEGATED_AFTER = re.compile(patterns.VERBAL_NEGATION_AFTER)
_NEGATED_BEFORE = re.compile(patterns.VERBAL_NEGATION_BEFORE)
_CONDITIONAL_BEFORE = re.compile(patterns.CONDITIONAL_BEFORE)


def apply_own_checks(report: ReportText, mentions: Iterable[Mention]) -> None:
    """Mark elided French negations ("n'est pas retrouvée", "il n'y a pas de") and mentions
    governed by a condition earlier in their sentence ("en cas de réponse, ... (radiothérapie)")."""
    folded = report.folded
    for mention in mentions:
        sentence = report.sentence_at(mention.start)
        before = folded[sentence.start : mention.start]
        if not mention.hypothetical and _CONDITIONAL_BEFORE.search(before):
            mention.hypothetical = True
        if mention.negated:
            continue
        after = folded[mention.end : sentence.end]
        if _NEGATED_AFTER.search(after) or _NEGATED_BEFORE.search(before):
            mention.negated = True
