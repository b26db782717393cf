"""The treatments extractor: regimens, drugs, procedures and their course.

Treatments named together ("FOLFOX-bévacizumab", "FOLFIRI + bévacizumab") form a group that
shares the cues around it: "Arrêt du FOLFOX", "à débuter le 21/11", "2e ligne", "C3". Each cue
goes to the nearest group in its sentence. A treatment named several times is merged: its
first start, its last end and status, its line and cycle. Named again without a line, a drug
given in two lines joins the line of the regimen it is named with ("Poursuite du
FOLFIRI-bévacizumab" continues the line FOLFIRI is in).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graphbuilder.extract.backends.rules.dates.finder import DateMention
from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.evidenced import Value, drop_none, evidenced
from graphbuilder.extract.backends.rules.treatments import lexicon, patterns
from graphbuilder.extract.backends.rules.treatments.attributes import Course, read_course
from graphbuilder.extract.model import Treatment, TreatmentCategory


@dataclass
class Named:
    """A treatment as written: canonical name, category, span and the mention to qualify."""

    name: str
    category: TreatmentCategory
    start: int
    end: int
    generic: bool = False
    single_drug: bool = False
    mention: Mention = field(init=False)

    def __post_init__(self) -> None:
        self.mention = Mention(self.start, self.end)


@dataclass
class TreatmentDraft:
    named: list[Named]
    dates: list[DateMention]

    @property
    def mentions(self) -> list[Mention]:
        return [item.mention for item in self.named]


def scan(report: ReportText, dates: list[DateMention]) -> TreatmentDraft:
    return TreatmentDraft(_join_regimens(report, _find_named(report)), dates)


def build(report: ReportText, draft: TreatmentDraft) -> list[Treatment]:
    kept = [
        item
        for item in draft.named
        if item.mention.is_patient_fact
        and not _toxicity(report, item)
        and not _attendance(report, item)
    ]
    kept = _without_redundant_generics(kept)
    courses = read_course(report, kept, draft.dates)
    groups = _regimen_groups(report, kept)
    merged = _Merged()
    keys: list[tuple[str, object]] = []
    for index, (item, course) in enumerate(zip(kept, courses, strict=True)):
        partners = [i for i, group in enumerate(groups) if group == groups[index] and i != index]
        known = _Partners(
            [keys[i] for i in partners if i < index], {kept[i].name for i in partners}
        )
        keys.append(merged.add(item, course, known))
    treatments = []
    for item, course in merged.treatments.values():
        fields: dict[str, Value | None] = {
            "name": evidenced(report, item.name, item.start, item.end),
            "category": evidenced(report, item.category, item.start, item.end),
            **course.fields(),
        }
        if fields["name"] is not None:
            treatments.append(Treatment.model_validate(drop_none(fields)))
    return treatments


def _find_named(report: ReportText) -> list[Named]:
    found: list[Named] = []
    singles = {name for name, _, _ in lexicon.DRUGS}
    for pattern, entries, text, generic in (
        (patterns.NAMED_PATTERN, patterns.NAMED, report.folded, False),
        (patterns.UPPERCASE_PATTERN, patterns.UPPERCASE, report.text, False),
        (patterns.GENERIC_PATTERN, lexicon.GENERIC, report.folded, True),
    ):
        for index, match in pattern.finditer(text):
            name, category, _ = entries[index]
            found.append(
                Named(
                    name,
                    category,
                    match.start(),
                    match.end(),
                    generic,
                    name in singles and category is TreatmentCategory.CHEMOTHERAPY,
                )
            )
    found.sort(key=lambda item: (item.start, -(item.end - item.start)))
    kept: list[Named] = []
    for item in found:
        if kept and item.start < kept[-1].end:
            continue  # the longer form already covers it ("radiochimiothérapie", "T-DM1")
        kept.append(item)
    return kept


def _join_regimens(report: ReportText, named: list[Named]) -> list[Named]:
    """ "carboplatine-pémétrexed", "gemcitabine et nab-paclitaxel": one chemotherapy regimen."""
    joined: list[Named] = []
    for item in named:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.single_drug
            and item.single_drug
            and patterns.JOINER.match(report.folded[previous.end : item.start])
        ):
            joined[-1] = Named(
                f"{previous.name}-{item.name}",
                TreatmentCategory.CHEMOTHERAPY,
                previous.start,
                item.end,
                single_drug=True,
            )
        else:
            joined.append(item)
    return joined


def _regimen_groups(report: ReportText, named: list[Named]) -> list[int]:
    """For each treatment, the number of the regimen it is named in ("FOLFIRI-bévacizumab")."""
    groups: list[int] = []
    for index, item in enumerate(named):
        previous = named[index - 1] if index else None
        joined = previous is not None and patterns.GROUP_GAP.match(
            report.folded[previous.end : item.start]
        )
        groups.append(groups[-1] if joined else index)
    return groups


@dataclass(frozen=True)
class _Partners:
    """The drugs a mention is named with ("FOLFIRI-bévacizumab"): the keys of those already
    merged, and all their names."""

    keys: list[tuple[str, object]]
    names: set[str]


class _Merged:
    """A report's treatments by (name, line), each mention merged into its treatment, with the
    drugs each was named with."""

    def __init__(self) -> None:
        self.treatments: dict[tuple[str, object], tuple[Named, Course]] = {}
        self.regimens: defaultdict[tuple[str, object], set[str]] = defaultdict(set)

    def add(self, item: Named, course: Course, partners: _Partners) -> tuple[str, object]:
        key = self._key(item, course, partners)
        if key in self.treatments:
            first, known = self.treatments[key]
            self.treatments[key] = (first, known.merged_with(course))
        else:
            self.treatments[key] = (item, course)
        self.regimens[key] |= partners.names
        return key

    def _key(self, item: Named, course: Course, partners: _Partners) -> tuple[str, object]:
        """A drug given in two lines (bévacizumab in 1st and 2nd line) is two treatments.
        Named without a line, it joins its regimen partners' line, else the first mention of
        it with the same partners (or with none on either side); a mention with a line joins
        an earlier lineless one of the same regimen. A lineless drug named in another regimen
        is a treatment of its own (keyed by its partners)."""
        line = course.line["value"] if course.line else None
        known = [key for key in self.treatments if key[0] == item.name]
        if line is None:
            for _, partner_line in partners.keys:
                if partner_line is not None and (item.name, partner_line) in self.treatments:
                    return item.name, partner_line
            for key in known:
                if self._same_regimen(key, partners.names):
                    return key
            if (item.name, None) in known:
                return item.name, frozenset(partners.names)
        elif (
            (item.name, None) in known
            and len(known) == 1
            and self._same_regimen((item.name, None), partners.names)
        ):
            return item.name, None
        return item.name, line

    def _same_regimen(self, key: tuple[str, object], partner_names: set[str]) -> bool:
        regimen = self.regimens[key]
        return not (regimen and partner_names) or bool(regimen & partner_names)


def _attendance(report: ReportText, item: Named) -> bool:
    """ "Présents : oncologie, chirurgie, radiothérapie" lists who attended, not treatments."""
    return bool(patterns.ATTENDANCE_LINE.match(report.folded, report.line_start(item.start)))


def _toxicity(report: ReportText, item: Named) -> bool:
    """ "Neuropathie à l'oxaliplatine" names a drug as the cause of a side effect."""
    before = report.folded[max(0, item.start - 45) : item.start]
    return bool(patterns.TOXICITY_BEFORE.search(before))


def _without_redundant_generics(named: list[Named]) -> list[Named]:
    """ "Chimiothérapie par FOLFOX": a treatment named elsewhere in the report by its drug
    makes the generic word redundant."""
    specific = {item.category for item in named if not item.generic}
    return [item for item in named if not (item.generic and item.category in specific)]
