"""What the conclusion states: the evolution (five classes) and any RECIST category.

Cues are read in the conclusion when the report has one, else in the whole findings. Strong
cues ("réponse partielle", "progression", "maladie stable", "PD") outrank weak ones
("diminution", "stable"); among equals, progression outranks response, which outranks
stability, as RECIST does when lesions disagree. "Bilan initial" and the like say the exam is
not a follow-up. Negated or hypothetical cues count for nothing ("pas de progression" is its own
stability cue).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention
from graphbuilder.extract.backends.rules.radiology import exam_patterns as patterns
from graphbuilder.extract.backends.rules.text.alternation import fast
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.evidenced import Value, evidenced
from graphbuilder.extract.model import Evolution, RecistCategory

_STRONG = [(evolution, fast(words)) for evolution, words in patterns.EVOLUTION_STRONG]
_WEAK = [(evolution, fast(words)) for evolution, words in patterns.EVOLUTION_WEAK]
_RECIST_WORDS = [(category, fast(words)) for category, words in patterns.RECIST_WORDS]
_SKIPPED = frozenset({"indication", "technique", "comparison", "history", "family_history"})


@dataclass
class Cue:
    evolution: Evolution | None
    recist: RecistCategory | None
    strong: bool
    mention: Mention


def find_cues(report: ReportText) -> list[Cue]:
    """Candidate evolution and RECIST cues, each with the mention EDS-NLP will qualify."""
    start, end = _scope(report)
    folded = report.folded
    cues: list[Cue] = []
    for strong, table in ((True, _STRONG), (False, _WEAK)):
        for evolution, pattern in table:
            for match in pattern.finditer(folded, start, end):
                if report.section_at(match.start()) not in _SKIPPED:
                    cues.append(Cue(evolution, None, strong, Mention(match.start(), match.end())))
    for category, pattern in _RECIST_WORDS:
        for match in pattern.finditer(folded, start, end):
            sentence = report.sentence_at(match.start())
            if "recist" in folded[sentence.start : sentence.end]:
                cues.append(Cue(None, category, True, Mention(match.start(), match.end())))
    for match in patterns.RECIST_ABBREVIATION.finditer(report.text):
        if _abbreviation_in_context(report, match, start):
            category = patterns.RECIST_ABBREVIATIONS[match["abbr"]]
            evolution = patterns.ABBREVIATION_EVOLUTION[category]
            cues.append(Cue(evolution, category, True, Mention(match.start(), match.end())))
    return _without_overlaps(cues)


def stated_evolution(report: ReportText, cues: list[Cue]) -> Value | None:
    """Strong cues, then an exam stated as initial ("bilan d'extension"), then weak cues."""
    kept = [cue for cue in cues if cue.evolution is not None and _counts(report, cue)]
    strong = _by_precedence(report, [cue for cue in kept if cue.strong])
    if strong is not None:
        return strong
    initial = not_a_follow_up(report)
    if initial is not None and report.section_at(initial["evidence"].start) == "conclusion":
        return initial
    return _by_precedence(report, [cue for cue in kept if not cue.strong]) or initial


def _by_precedence(report: ReportText, cues: list[Cue]) -> Value | None:
    for evolution in patterns.EVOLUTION_PRECEDENCE:
        for cue in cues:
            if cue.evolution is evolution:
                return evidenced(report, evolution, cue.mention.start, cue.mention.end)
    return None


def has_strong_evolution(report: ReportText, cues: list[Cue]) -> bool:
    return any(
        cue.strong and cue.evolution not in (None, Evolution.UNKNOWN) and _counts(report, cue)
        for cue in cues
    )


def stated_recist(report: ReportText, cues: list[Cue]) -> Value | None:
    """The category as abbreviated ("PD") when written so, else in words ("réponse partielle")."""
    stated = [cue for cue in cues if cue.recist is not None and _counts(report, cue)]
    stated.sort(key=lambda cue: not report.text[cue.mention.start : cue.mention.end].isupper())
    for cue in stated:
        return evidenced(report, cue.recist, cue.mention.start, cue.mention.end)
    return None


def not_a_follow_up(report: ReportText) -> Value | None:
    """ "Bilan d'extension initial", "examen de réactualisation avant chirurgie": in the
    conclusion, the indication or the header."""
    start, end = _scope(report)
    regions = [(start, end)] if start > 0 else []
    regions += [(section.start, section.end) for section in report.section_spans("indication")]
    regions.append((0, min(len(report.text), 400)))
    for region_start, region_end in regions:
        match = patterns.NOT_A_FOLLOW_UP.search(report.folded, region_start, region_end)
        if match is not None:
            return evidenced(report, Evolution.NOT_A_FOLLOW_UP, match.start(), match.end())
    return None


def _counts(report: ReportText, cue: Cue) -> bool:
    mention = cue.mention
    if mention.hypothetical or mention.family or mention.historical:
        return False
    written = report.folded[mention.start : mention.end]
    return not mention.negated or bool(patterns.SELF_NEGATED_STABILITY.match(written))


def _scope(report: ReportText) -> tuple[int, int]:
    conclusions = report.section_spans("conclusion")
    if conclusions:
        return conclusions[-1].start, conclusions[-1].end
    return 0, len(report.text)


def _abbreviation_in_context(report: ReportText, match: re.Match[str], scope_start: int) -> bool:
    before = report.folded[max(0, match.start() - 40) : match.start()]
    if "recist" in before or "recist" in report.folded[match.end() : match.end() + 12]:
        return True
    in_conclusion = (
        report.section_at(match.start()) == "conclusion" and match.start() >= scope_start
    )
    return in_conclusion and bool(
        patterns.RECIST_CONTEXT.search(before)
        or re.match(r"\s*(?:[.\n(]|$)", report.folded[match.end() :])
    )


def _without_overlaps(cues: list[Cue]) -> list[Cue]:
    """Keep the longest cue where several overlap ("pas de progression" over "progression")."""
    ordered = sorted(
        cues, key=lambda cue: (cue.mention.start, -(cue.mention.end - cue.mention.start))
    )
    kept: list[Cue] = []
    for cue in ordered:
        inside_last = (
            bool(kept)
            and kept[-1].mention.start <= cue.mention.start
            and (cue.mention.end <= kept[-1].mention.end)
        )
        if inside_last and cue.recist is None:
            continue
        kept.append(cue)
    return kept
