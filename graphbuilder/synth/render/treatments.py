"""Treatment sentences of consultation and RCP notes: what was given, is given, is planned.

On a note's date every structured course is past, active or future; each drug is named once per
note, in the sentence that says the most about it (dates, line, cycles, status). A course a
contradiction marks as "still ongoing" is written as active although it has ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from graphbuilder.synth.course import Course, Episode
from graphbuilder.synth.phrasing import notes as N
from graphbuilder.synth.phrasing.clinical import drugs_phrase
from graphbuilder.synth.phrasing.common import cycle_text, line_text
from graphbuilder.synth.profiles import DRUGS, PROCEDURES
from graphbuilder.synth.render.context import Context, Gold, ev, treatment_gold
from graphbuilder.synth.simulate import FIXED_CYCLES
from graphbuilder.synth.text import Lit, Phrase, TextBuilder

_CATEGORIES = {name: drug.category for name, drug in DRUGS.items()}
_CYCLE_WORDS = ("cures", "cycles", "cures", "injections", "cycles")


def group(courses: Iterable[Course]) -> list[list[Course]]:
    """Drug courses of one episode sharing their dates go in one sentence ("FOLFOX + Avastin")."""
    groups: dict[tuple[int, dt.date, dt.date | None], list[Course]] = {}
    for course in courses:
        key = (id(course.episode), course.start, course.end)
        groups.setdefault(key, []).append(course)
    return sorted(groups.values(), key=lambda items: items[0].start)


def cycles_given(course: Course, until: dt.date) -> int | None:
    days = DRUGS[course.name].cycle_days
    if not days:
        return None
    count = 1 + max(0, (until - course.start).days) // days
    return min(count, FIXED_CYCLES.get(course.name, count))


def _line(ctx: Context, episode: Episode | None, share: float) -> tuple[Phrase | None, int | None]:
    if episode is None or episode.number is None or ctx.rng.random() > share:
        return None, None
    return Phrase(
        ctx.pick(N.LINE_CLAUSE), {"line": line_text(ctx.rng, episode.number)}
    ), episode.number


def _de(phrase: Phrase) -> Lit:
    """French elision: "de FOLFOX" but "d'Avastin", "d'EC"."""
    first = str(phrase.values.get("cat") or phrase.values["drug0"])
    return Lit("d'" if first[0] in "AEÉIOUYaeéiouy" else "de ")


def _with_line(gold: list[Gold], found: dict, number: int | None) -> None:
    if number is not None and "line" in found:
        for treatment in gold:
            treatment["line"] = ev(number, found["line"])


def write_past(ctx: Context, tb: TextBuilder, courses: list[Course]) -> list[Gold]:
    """The history: one line per group of past drug courses, surgery or radiotherapy."""
    written: list[Gold] = []
    for items in group(c for c in courses if c.category not in ("surgery", "radiotherapy")):
        written += _past_drugs(ctx, tb, items)
    for course in courses:
        if course.category == "surgery":
            written.append(_surgery(ctx, tb, course))
        elif course.category == "radiotherapy":
            written.append(_radiotherapy(ctx, tb, course))
    return written


def _past_drugs(ctx: Context, tb: TextBuilder, items: list[Course]) -> list[Gold]:
    rng, first = ctx.rng, items[0]
    assert first.end is not None
    drugs = tuple(course.name for course in items)
    phrase, _ = drugs_phrase(rng, drugs)
    episode = first.episode
    stopped = (
        episode is not None
        and episode.end_reason == "progression"
        and first.end >= (episode.end or first.end)
    )
    status = "stopped" if stopped else "completed"
    line, number = _line(ctx, episode, 0.6)
    count = cycles_given(first, first.end)
    cycles = None
    if count is not None and rng.random() < 0.5:
        cycles = Phrase(
            ctx.pick(N.CYCLES_CLAUSE), {"cycles": f"{count} {ctx.choice(_CYCLE_WORDS)}"}
        )
    template = ctx.pick(N.HISTORY)
    found = tb.emit(
        template,
        {
            "drugs": phrase,
            "line": line,
            "cycles": cycles,
            "start": ctx.date(first.start),
            "end": ctx.date(first.end),
            "status": ctx.choice(N.STATUS_WORDS[status]),
            "reason": Lit(ctx.choice(N.REASONS["progression" if stopped else "completed"])),
        },
    )
    tb.keep("\n")
    extra = {
        "start": ev(first.start.isoformat(), found["start"]),
        "end": ev(first.end.isoformat(), found["end"]),
        "status": ev(status, found["status"]),
    }
    if "cycles" in found and count is not None:
        extra["cycle"] = ev(count, found["cycles"])
    gold = treatment_gold(found, drugs, _CATEGORIES, extra)
    _with_line(gold, found, number)
    return gold


def _surgery(ctx: Context, tb: TextBuilder, course: Course) -> Gold:
    written = ctx.choice(PROCEDURES[course.name].forms)
    template = ctx.pick(N.SURGERY)
    where = (
        Lit(f" du {course.site_label}") if course.site_label and ctx.rng.random() < 0.6 else None
    )
    found = tb.emit(
        template,
        {
            "surgery": written,
            "surgery_cap": written[0].upper() + written[1:],
            "where": where,
            "sdate": ctx.date(course.start),
        },
    )
    tb.keep("\n")
    name = found.get("surgery") or found["surgery_cap"]
    return {
        "name": ev(PROCEDURES[course.name].gold, name),
        "category": ev("surgery", found.get("cat") or name),
        "start": ev(course.start.isoformat(), found["sdate"]),
    }


def _radiotherapy(ctx: Context, tb: TextBuilder, course: Course) -> Gold:
    rng = ctx.rng
    written = ctx.choice(PROCEDURES["radiothérapie"].forms)
    written = written[0].upper() + written[1:]
    dose = f"{course.dose_gy:g} Gy".replace(".", ",")
    fractions = f"{course.fractions} {ctx.choice(('fractions', 'séances', 'fr', 'fractions'))}"
    where = Lit(f" ({course.site_label})") if course.site_label and rng.random() < 0.7 else None
    assert course.end is not None
    found = tb.emit(
        ctx.pick(N.RADIOTHERAPY),
        {
            "rt": written,
            "where": where,
            "dose": dose,
            "fx": fractions,
            "start": ctx.date(course.start),
            "end": ctx.date(course.end),
        },
    )
    tb.keep("\n")
    gold: Gold = {
        "name": ev(PROCEDURES["radiothérapie"].gold, found["rt"]),
        "category": ev("radiotherapy", found["rt"]),
        "start": ev(course.start.isoformat(), found["start"]),
        "end": ev(course.end.isoformat(), found["end"]),
        "dose_gy": ev(course.dose_gy, found["dose"]),
        "fractions": ev(course.fractions, found["fx"]),
    }
    if "status" in found:
        gold["status"] = ev("completed", found["status"])
    return gold


def write_active(
    ctx: Context, tb: TextBuilder, items: list[Course], date: dt.date, starting: bool
) -> list[Gold]:
    """Drugs given on `date`: "C5 ce jour", or "Début de ... le" on the first day."""
    rng, first = ctx.rng, items[0]
    drugs = tuple(course.name for course in items)
    continuous = not DRUGS[first.name].cycle_days
    line, number = _line(ctx, first.episode, 0.5)
    cycle = cycles_given(first, date)
    if first.end is not None and date > first.end and cycle is not None:
        cycle += 1  # said to go on after its recorded end (contradiction)
    if starting and not continuous:
        bank, cap = N.START, True
    elif continuous:
        bank, cap = N.CURRENT_CONTINUOUS, False
    else:
        bank, cap = N.CURRENT, False
    template = ctx.pick(bank, ctx.feminine_patient)
    cap = "drugs_cap" in template.slots
    phrase, _ = drugs_phrase(rng, drugs, cap=cap)
    values: dict[str, object] = {
        "drugs": phrase,
        "drugs_cap": phrase,
        "line": line,
        "start": ctx.date(first.start),
        "de": _de(phrase),
    }
    if cycle is not None:
        values["cycle"] = cycle_text(rng, cycle)
    found = tb.emit(template, values)
    tb.keep("\n")
    extra: Gold = {
        "start": ev(first.start.isoformat(), found["start"]),
        "status": ev("ongoing", found["status"]),
    }
    if "cycle" in found and cycle is not None:
        extra["cycle"] = ev(cycle, found["cycle"])
    gold = treatment_gold(found, drugs, _CATEGORIES, extra)
    _with_line(gold, found, number)
    return gold


def write_planned(ctx: Context, tb: TextBuilder, items: list[Course]) -> list[Gold]:
    rng, first = ctx.rng, items[0]
    if first.category == "surgery":
        written = ctx.choice(PROCEDURES[first.name].forms)
        found = tb.emit(
            ctx.pick(N.PLANNED_SURGERY),
            {
                "surgery": written,
                "surgery_cap": written[0].upper() + written[1:],
                "where": Lit(f" du {first.site_label}") if first.site_label else None,
                "start": ctx.date(first.start),
            },
        )
        tb.keep("\n")
        name = found.get("surgery") or found["surgery_cap"]
        return [
            {
                "name": ev(PROCEDURES[first.name].gold, name),
                "category": ev("surgery", name),
                "start": ev(first.start.isoformat(), found["start"]),
                "status": ev("planned", found["status"]),
            }
        ]
    drugs = tuple(course.name for course in items)
    template = ctx.pick(N.PLANNED)
    phrase, _ = drugs_phrase(rng, drugs, cap="drugs_cap" in template.slots)
    line, number = _line(ctx, first.episode, 0.7)
    found = tb.emit(
        template,
        {
            "drugs": phrase,
            "drugs_cap": phrase,
            "line": line,
            "start": ctx.date(first.start),
            "de": _de(phrase),
        },
    )
    tb.keep("\n")
    extra = {
        "start": ev(first.start.isoformat(), found["start"]),
        "status": ev("planned", found["status"]),
    }
    gold = treatment_gold(found, drugs, _CATEGORIES, extra)
    _with_line(gold, found, number)
    return gold
