"""The pathology variables other than receptors: specimen, morphology, grade, size, margins,
lymph nodes, emboli, capsular rupture and TNM."""

from __future__ import annotations

import re

from graphbuilder.extract.backends.rules.dates.finder import DateMention
from graphbuilder.extract.backends.rules.pathology import patterns
from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention
from graphbuilder.extract.backends.rules.sizes.finder import find_sizes
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.evidenced import Value, evidenced
from graphbuilder.extract.model import SpecimenType, TnmStage

Regions = list[tuple[int, int]]
_CLINICAL_SECTIONS = frozenset({"indication", "history", "family_history"})
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "1": 1, "2": 2, "3": 3}


def specimen(report: ReportText) -> Value | None:
    """The most extensive specimen named where the report says what it received."""
    folded = report.folded
    header = patterns.SPECIMEN_HEADER.search(folded)
    regions = []
    if header is not None:
        regions.append((header.start(), report.sentence_at(header.start()).end))
    regions += [(0, min(len(folded), 500)), (0, len(folded))]
    for start, end in regions:
        found: dict[SpecimenType, re.Match[str]] = {}
        for index, match in patterns.SPECIMEN.finditer(folded, start, end):
            if report.section_at(match.start()) not in {"history"}:
                found.setdefault(patterns.SPECIMENS[index][0], match)
        for kind in patterns.SPECIMEN_PRIORITY:
            if kind in found:
                return evidenced(report, kind, found[kind].start(), found[kind].end())
    return None


def morphology(report: ReportText, order: Regions) -> tuple[Value | None, Value | None]:
    """The morphology as a canonical label (evidence: the words written) and its ICD-O code."""
    folded = report.folded
    for start, end in order:
        found = patterns.MORPHOLOGY.search(folded, start, end)
        if found is None:
            continue
        index, match = found
        label = patterns.MORPHOLOGIES[index][1]
        stop = match.end()
        if tail := patterns.MORPHOLOGY_TAIL.match(folded, stop):
            stop = tail.end()
        # the code is given only when written: a label can be a different ICD-O entity
        return evidenced(report, label, match.start(), stop), ICDO_written(report)
    return None, ICDO_written(report)


def ICDO_written(report: ReportText) -> Value | None:
    match = patterns.ICDO_CODE.search(report.folded)
    return (
        None
        if match is None
        else evidenced(report, match["code"], match.start("code"), match.end("code"))
    )


def sbr(report: ReportText, order: Regions) -> dict[str, Value | None]:
    """Grade and its tubules / nuclei / mitoses scores ("grade SBR II (3+2+2)")."""
    folded = report.folded
    result: dict[str, Value | None] = {}
    for start, end in order:
        match = patterns.SBR_GRADE.search(folded, start, end) or patterns.GRADE_THEN_SYSTEM.search(
            folded, start, end
        )
        if match is None:
            continue
        result["sbr_grade"] = evidenced(report, _ROMAN[match["grade"]], match.start(), match.end())
        triple = patterns.SUBSCORES.match(folded, match.end(), min(len(folded), match.end() + 25))
        if triple is None:
            triple = patterns.SUBSCORES.search(
                folded, match.end(), min(len(folded), match.end() + 25)
            )
        if triple is not None:
            for key, group in (("sbr_tubules", "t"), ("sbr_nuclei", "n"), ("sbr_mitoses", "m")):
                result[key] = evidenced(report, int(triple[group]), triple.start(), triple.end())
        break
    for key, pattern in (
        ("sbr_tubules", patterns.TUBULES),
        ("sbr_nuclei", patterns.NUCLEI),
        ("sbr_mitoses", patterns.MITOSES),
    ):
        if result.get(key) is None and (found := pattern.search(folded)):
            result[key] = evidenced(report, int(found["score"]), found.start(), found.end())
    if result.get("sbr_grade") is None:
        scores = [result.get(key) for key in ("sbr_tubules", "sbr_nuclei", "sbr_mitoses")]
        if all(score is not None for score in scores):
            total = sum(score["value"] for score in scores if score is not None)
            first = scores[0]
            if first is not None:
                grade = 1 if total <= 5 else 2 if total <= 7 else 3
                result["sbr_grade"] = {"value": grade, "evidence": first["evidence"]}
    return result


def tumour_size(report: ReportText, order: Regions) -> Value | None:
    """The tumour's largest dimension, announced by "taille", "mesurant"... near a tumour word."""
    folded = report.folded
    for start, end in order:
        for size in find_sizes(folded, start, end):
            if len(size.axes_mm) > 2 or report.section_at(size.start) in _CLINICAL_SECTIONS:
                continue  # "12 x 8 x 4 cm" measures a specimen; the indication quotes imaging
            sentence = report.sentence_at(size.start)
            before = folded[max(sentence.start, size.start - 60) : size.start]
            if not (
                patterns.TUMOUR_SIZE_CUE.search(before)
                or (
                    patterns.SIZE_AFTER_TUMOUR.search(before)
                    and patterns.TUMOUR_WORD.search(before)
                )
            ):
                continue
            context = folded[sentence.start : size.start]
            nearest_object = folded[max(sentence.start, size.start - 35) : size.start]
            if patterns.NOT_TUMOUR_SIZE.search(nearest_object):
                continue
            if patterns.TUMOUR_WORD.search(context) or "taille" in before:
                return evidenced(report, size.long_mm, size.start, size.end)
    return None


def margins(report: ReportText, order: Regions) -> Value | None:
    folded = report.folded
    for start, end in order:
        found = []
        for pattern, clear in ((patterns.MARGINS_INVOLVED, False), (patterns.MARGINS_CLEAR, True)):
            found += [(match, clear) for match in pattern.finditer(folded, start, end)]
        for match in patterns.MARGIN_DISTANCE.finditer(folded, start, end):
            found.append((match, float(match["mm"].replace(",", ".")) > 0))
        found = [(m, c) for m, c in found if not _r_status_lowercase(report, m)]
        if found:
            match, clear = min(found, key=lambda item: item[0].start())
            return evidenced(report, clear, match.start(), match.end())
    return None


def _r_status_lowercase(report: ReportText, match: re.Match[str]) -> bool:
    """ "R0"/"R1" only count in capitals: "r0" in running text is something else."""
    written = report.text[match.start() : match.end()]
    return written.lower() in {"r0", "r1", "r2"} and not written.isupper()


def nodes(
    report: ReportText, order: Regions, dates: list[DateMention]
) -> tuple[Value | None, Value | None]:
    """(examined, positive) lymph nodes: "(1/12)", "1N+/12", "12 ganglions dont 2 envahis"."""
    folded = report.folded
    date_spans = [(date.start, date.end) for date in dates]
    for start, end in order:
        for match in patterns.NODE_FRACTION.finditer(folded, start, end):
            if any(s <= match.start("pos") < e for s, e in date_spans):
                continue
            sentence = report.sentence_at(match.start())
            if not patterns.NODE_CONTEXT.search(folded, sentence.start, sentence.end):
                continue
            affected, total = int(match["pos"]), int(match["tot"])
            if affected <= total and total > 0:
                span = (match.start("pos"), match.end("tot"))
                return (evidenced(report, total, *span), evidenced(report, affected, *span))
    for start, end in order:
        if (found := patterns.NODES_OF.search(folded, start, end)) is not None:
            written = found["pos"]
            affected = int(written) if written.isdigit() else patterns.NUMBER_WORDS[written]
            span = (found.start(), found.end())
            return (evidenced(report, int(found["tot"]), *span), evidenced(report, affected, *span))
    examined = _count(report, patterns.NODES_EXAMINED, order)
    positive = _count(report, patterns.NODES_POSITIVE, order)
    if positive is None and examined is not None:
        negative = patterns.NODES_ALL_NEGATIVE.search(folded)
        if negative is not None:
            positive = evidenced(report, 0, negative.start(), negative.end())
    return examined, positive


def _count(report: ReportText, pattern: re.Pattern[str], order: Regions) -> Value | None:
    for start, end in order:
        for match in pattern.finditer(report.folded, start, end):
            count = match["count"] or match.groupdict().get("count2") or ""
            number = int(count) if count.isdigit() else patterns.NUMBER_WORDS.get(count)
            if number is not None and match.group().strip() != count:
                return evidenced(report, number, match.start(), match.end())
    return None


def flag_mentions(report: ReportText, pattern: re.Pattern[str]) -> list[Mention]:
    """Emboli or capsular-rupture mentions whose polarity EDS-NLP may have to decide."""
    return [Mention(match.start(), match.end()) for match in pattern.finditer(report.folded)]


def flag(report: ReportText, mentions: list[Mention], order: Regions) -> Value | None:
    """Present / absent for emboli or capsular rupture: the text's own word, else negation."""
    folded = report.folded
    ranked = sorted(
        mentions,
        key=lambda m: next((i for i, (s, e) in enumerate(order) if s <= m.start < e), len(order)),
    )
    for mention in ranked:
        if mention.hypothetical or mention.family:
            continue
        sentence = report.sentence_at(mention.start)
        after = folded[mention.end : sentence.end]
        written = folded[mention.start : mention.end]
        if written.endswith(("+", "-")):
            return evidenced(report, written.endswith("+"), mention.start, mention.end)
        if (found := patterns.ABSENT_AFTER.match(after)) is not None:
            return evidenced(report, False, mention.start, mention.end + found.end())
        if (found := patterns.PRESENT_AFTER.match(after)) is not None:
            return evidenced(report, True, mention.start, mention.end + found.end())
        start = sentence.start
        cue_start = _negation_start(folded, start, mention.start)
        if mention.negated:
            return evidenced(report, False, cue_start, mention.end)
        present = patterns.PRESENT_BEFORE.search(folded, start, mention.start)
        if present is not None:
            return evidenced(report, True, present.start(), mention.end)
        return evidenced(report, True, mention.start, mention.end)  # stated, not denied
    return None


_NEGATION_CUE = re.compile(r"\b(?:absence|pas|sans|aucun\w*|ni|non)\b[^,;.]*$")


def _negation_start(folded: str, sentence_start: int, mention_start: int) -> int:
    match = _NEGATION_CUE.search(folded, sentence_start, mention_start)
    return match.start() if match else mention_start


def tnm(report: ReportText, order: Regions) -> Value | None:
    """The first TNM written (conclusion first), its categories as written: "T1c", "N0(sn)"."""
    folded = report.folded
    for start, end in order:
        for match in patterns.TNM.finditer(folded, start, end):
            if not (match["prefix"] or match["nprefix"] or match["n"]):
                continue  # "T2" alone is an MRI sequence or a vertebra
            return evidenced(report, _stage(report, match), match.start(), match.end())
        for match in patterns.TNM_NODE_ONLY.finditer(folded, start, end):
            return evidenced(report, _stage(report, match), match.start(), match.end())
    return None


def _stage(report: ReportText, match: re.Match[str]) -> TnmStage:
    """The categories without their letter or suffix: pT1c pN0(sn) -> prefix "p", t "1c", n "0"."""
    groups = match.groupdict()
    prefix = groups.get("prefix") or groups.get("nprefix") or ""

    def category(name: str) -> str | None:
        written = groups.get(name)
        if not written:
            return None
        return re.sub(r"\s*\(.*\)$", "", written[1:])

    return TnmStage(prefix=prefix, t=category("t"), n=category("n"), m=category("m"))
