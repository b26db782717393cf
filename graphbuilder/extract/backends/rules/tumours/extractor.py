"""The tumours extractor: the primary cancers a report names, one per site."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphbuilder.extract.backends.rules.dates.finder import DateMention, Precision
from graphbuilder.extract.backends.rules.pathology import patterns as pathology_patterns
from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention
from graphbuilder.extract.backends.rules.radiology.anatomy import lateralities
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.evidenced import Value, drop_none, evidenced
from graphbuilder.extract.backends.rules.tumours import patterns
from graphbuilder.extract.model import CancerSite, Laterality, Tumour

_SIDED = frozenset({CancerSite.BREAST, CancerSite.LUNG, CancerSite.KIDNEY, CancerSite.OVARY})
_SIDE_REACH = 30
_DATE_REACH = 150


@dataclass
class Named:
    site: CancerSite
    start: int  # the whole phrase, "adénocarcinome du sigmoïde"
    end: int
    site_start: int  # the words that name the site, "sigmoïde"
    site_end: int
    mention: Mention = field(init=False)

    def __post_init__(self) -> None:
        self.mention = Mention(self.start, self.end)


@dataclass
class TumourDraft:
    named: list[Named]
    dates: list[DateMention]

    @property
    def mentions(self) -> list[Mention]:
        return [item.mention for item in self.named]


def scan(report: ReportText, dates: list[DateMention]) -> TumourDraft:
    folded = report.folded
    named: list[Named] = []
    for start in patterns.TUMOUR_START.finditer(folded):
        match = patterns.TUMOUR.match(folded, start.start())
        group = None if match is None else match.lastgroup
        if match is None or group is None or _secondary(folded, match):
            continue
        named.append(
            Named(
                patterns.SITE_BY_GROUP[group],
                match.start(),
                match.end(),
                match.start(group),
                match.end(group),
            )
        )
    named += _morphology_with_site(report, named)
    for match in patterns.SELF_NAMED_PATTERN.finditer(folded):
        if match.lastgroup is not None and not any(n.start <= match.start() < n.end for n in named):
            site = patterns.SELF_NAMED_BY_GROUP[match.lastgroup]
            named.append(Named(site, match.start(), match.end(), match.start(), match.end()))
    named.sort(key=lambda item: item.start)
    return TumourDraft(named, dates)


def _morphology_with_site(report: ReportText, named: list[Named]) -> list[Named]:
    """A malignant morphology and a site word in the same sentence name a primary cancer."""
    folded = report.folded
    found: list[Named] = []
    for index, match in pathology_patterns.MORPHOLOGY.finditer(folded):
        if any(item.start <= match.start() < item.end for item in named + found):
            continue
        code = pathology_patterns.MORPHOLOGIES[index][2]
        if not code.endswith("/3"):
            continue  # in situ or benign: not a cancer's primary site
        sentence = report.sentence_at(match.start())
        window_start = max(sentence.start, match.start() - 60)
        window_end = min(sentence.end, match.end() + 60)
        sites = [
            site
            for site in patterns.SITE_WORD.finditer(folded, window_start, window_end)
            if site.lastgroup is not None
        ]
        if not sites:
            specimen = _specimen_site(folded)
            if specimen is not None:  # "Matériel reçu : biopsies du côlon" ... "adénocarcinome"
                found.append(Named(_site_of(specimen), *match.span(), *specimen.span()))
            continue
        site = min(sites, key=lambda s: abs(s.start() - match.start()))
        if _secondary(folded, site):
            continue
        start, end = min(match.start(), site.start()), max(match.end(), site.end())
        found.append(Named(_site_of(site), start, end, site.start(), site.end()))
    return found


def _specimen_site(folded: str) -> re.Match[str] | None:
    """The site the specimen line names, if one does: a morphology stated elsewhere in a
    pathology report is the cancer of that specimen."""
    for line in patterns.SPECIMEN_LINE.finditer(folded):
        for site in patterns.SITE_WORD.finditer(folded, line.start(), line.end()):
            if site.lastgroup is not None and not _secondary(folded, site):
                return site
    return None


def _site_of(site: re.Match[str]) -> CancerSite:
    return patterns.SITE_BY_GROUP[site.lastgroup or ""]


def _secondary(folded: str, match: re.Match[str]) -> bool:
    """ "métastases hépatiques d'un cancer du côlon" is a colon cancer; "carcinose péritonéale"
    names no primary. Only the words right before the phrase decide."""
    return bool(patterns.SECONDARY.search(folded, max(0, match.start() - 25), match.start()))


def build(report: ReportText, draft: TumourDraft) -> list[Tumour]:
    by_site: dict[CancerSite, dict[str, Value | None]] = {}
    for item in draft.named:
        if not item.mention.is_patient_fact or _family_line(report, item):
            continue
        fields = by_site.setdefault(
            item.site, {"site": evidenced(report, item.site, item.site_start, item.site_end)}
        )
        for name, reader in (
            ("histology", _histology),
            ("laterality", _laterality),
            ("diagnosis_date", _diagnosis_date),
        ):
            if fields.get(name) is None:
                fields[name] = reader(report, item, draft.dates)
    if len(by_site) == 1:
        (fields,) = by_site.values()
        if fields.get("diagnosis_date") is None:
            fields["diagnosis_date"] = _specimen_date(report, draft.dates)
    return [
        Tumour.model_validate(drop_none(fields))
        for fields in by_site.values()
        if fields.get("site") is not None
    ]


def _family_line(report: ReportText, item: Named) -> bool:
    """Named on a family-history line: a relative's cancer, not the patient's."""
    start = report.line_start(item.start)
    return bool(patterns.FAMILY_LINE.search(report.folded, start, item.start))


def _specimen_date(report: ReportText, dates: list[DateMention]) -> Value | None:
    """ "Prélèvement du 10/01/2023" of a biopsy, "biopsie du 02/03/2023": the diagnosis day."""
    if "biops" not in report.folded and "ponction" not in report.folded:
        return None
    for date in dates:
        if date.precision is not Precision.DAY:
            continue
        before = report.folded[max(0, date.start - 40) : date.start]
        if patterns.SPECIMEN_DATE.search(before):
            return evidenced(report, date.value, date.start, date.end)
    return None


def _histology(report: ReportText, item: Named, _: list[DateMention]) -> Value | None:
    sentence = report.sentence_at(item.start)
    found = pathology_patterns.MORPHOLOGY.search(report.folded, sentence.start, sentence.end)
    if found is None:
        return None
    index, match = found
    label = pathology_patterns.MORPHOLOGIES[index][1]
    end = match.end()
    if tail := pathology_patterns.MORPHOLOGY_TAIL.match(report.folded, end):
        end = tail.end()
    return evidenced(report, label, match.start(), end)


def _laterality(report: ReportText, item: Named, _: list[DateMention]) -> Value | None:
    if item.site not in _SIDED:
        return None
    for side in lateralities(report, item.site_start, item.site_end + _SIDE_REACH):
        between = report.folded[item.site_end : side.start]
        if "," not in between and "." not in between:
            return evidenced(report, Laterality(side.value), side.start, side.end)
    return None


def _diagnosis_date(report: ReportText, item: Named, dates: list[DateMention]) -> Value | None:
    sentence = report.sentence_at(item.start)
    for date in dates:
        if sentence.start <= date.start < sentence.end and abs(date.start - item.end) < _DATE_REACH:
            before = report.folded[max(sentence.start, date.start - 40) : date.start]
            if patterns.DIAGNOSED.search(before):
                return evidenced(report, date.value, date.start, date.end)
    return None
