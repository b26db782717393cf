"""How French reports write dates, sizes, treatment lines, cycles, and who signs them.

Each function returns the text and, where the gold needs it, the value the text states (which
may differ from the simulated value on purpose, as with a cm/mm slip).
"""

from __future__ import annotations

import datetime as dt
import random

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MONTHS_SHORT = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)

DOCTORS = (
    "Dr A. Lemarchand",
    "Dr C. Vasseur",
    "Dr M. Ferrandon",
    "Dr S. Ouvrard",
    "Dr J.-P. Castagne",
    "Dr L. Benhamida",
    "Dr E. Trouillet",
    "Dr N. Kervella",
    "Dr H. Maurel",
    "Dr P. Saint-Clair",
    "Dr F. Delorme",
    "Dr I. Rabaté",
    "Dr T. Nguyen-Vallet",
    "Dr B. Aubertin",
    "Dr R. Mekki",
)
HOSPITALS = (
    "CHU de Valmont",
    "Hôpital Saint-Aubin",
    "Centre Hospitalier de Brézolles",
    "Institut de cancérologie des Trois-Rivières",
    "Hôpital Nord-Lambert",
    "Clinique des Tilleuls",
)


def format_date(rng: random.Random, date: dt.date, short_ok: bool = False) -> str:
    """A date as hospitals write it: 12/03/2024, 12.03.24, 12 mars 2024, 1er févr. 2024..."""
    day, month, year = date.day, date.month, date.year
    if short_ok and rng.random() < 0.15:
        return f"{day:02d}/{month:02d}"
    roll = rng.random()
    if roll < 0.48:
        return f"{day:02d}/{month:02d}/{year}"
    if roll < 0.56:
        return f"{day:02d}.{month:02d}.{year}"
    if roll < 0.64:
        return f"{day:02d}/{month:02d}/{year % 100:02d}"
    if roll < 0.82:
        return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"
    if roll < 0.88:
        return f"{'1er' if day == 1 else day} {MONTHS_SHORT[month - 1]} {year}"
    if roll < 0.95:
        return f"{day}/{month}/{year}"
    return date.isoformat()


def decimal(value: float) -> str:
    """22.5 → "22,5"; 23.0 → "23"."""
    if value == int(value):
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def _cm(value_mm: float) -> str:
    return f"{value_mm / 10:.1f}".replace(".", ",")


def slipped_value(long: float, slip: str) -> float:
    """What a size with a unit slip states: 28 mm written "2,8 mm" or "28 cm"."""
    return round(long / 10, 1) if slip == "cm_as_mm" else long * 10


def size_text(
    rng: random.Random, long: float, short: float | None = None, unit_slip: str | None = None
) -> tuple[str, float, float | None]:
    """(text, long value stated, short value stated) for a size in mm.

    Forms: "23 mm", "23mm", "2,3 cm", "23 x 18 mm", "2,3 x 1,8 cm", "22-23 mm", "22,5 mm".
    A unit slip writes the centimetre figure with "mm" ("2,8 mm" for 28 mm) or the millimetre
    figure with "cm": the stated value is then what the text says.
    """
    if unit_slip == "cm_as_mm":
        return f"{_cm(long)} mm", slipped_value(long, unit_slip), None
    if unit_slip == "mm_as_cm":
        return f"{decimal(long)} cm", slipped_value(long, unit_slip), None
    halves = long != int(long) or (short is not None and short != int(short))
    if short is None:
        if halves:
            if rng.random() < 0.6:
                return f"{int(long - 0.5)}-{int(long + 0.5)} mm", long, None
            return f"{decimal(long)} mm", long, None
        roll = rng.random()
        if roll < 0.55:
            return f"{int(long)} mm", long, None
        if roll < 0.65:
            return f"{int(long)}mm", long, None
        return f"{_cm(long)} cm", long, None
    if halves:
        return f"{decimal(long)} x {decimal(short)} mm", long, short
    roll = rng.random()
    if roll < 0.45:
        return f"{int(long)} x {int(short)} mm", long, short
    if roll < 0.6:
        return f"{int(long)}x{int(short)} mm", long, short
    if roll < 0.7:
        return f"{int(long)} × {int(short)} mm", long, short
    return f"{_cm(long)} x {_cm(short)} cm", long, short


_LINE_FORMS = {
    1: ("1re ligne", "1ère ligne", "première ligne", "L1", "1ere ligne"),
    2: ("2e ligne", "2ème ligne", "deuxième ligne", "seconde ligne", "L2"),
    3: ("3e ligne", "3ème ligne", "troisième ligne", "L3"),
}


def line_text(rng: random.Random, number: int) -> str:
    forms = _LINE_FORMS.get(number) or (f"{number}e ligne", f"{number}ème ligne", f"L{number}")
    return rng.choice(forms)


def cycle_text(rng: random.Random, number: int) -> str:
    """ "C5", "cure n°5", "5e cure", "cycle 5", "C5J1" (C1: also "1re cure")."""
    roll = rng.random()
    if roll < 0.35:
        return f"C{number}"
    if roll < 0.5:
        return f"cure n°{number}"
    if roll < 0.7:
        return "1re cure" if number == 1 else f"{number}e cure"
    if roll < 0.85:
        return f"cycle {number}"
    return f"C{number}J1"


def percent_text(rng: random.Random, value: float) -> str:
    number = decimal(value)
    return rng.choice((f"{number} %", f"{number}%", f"{number}\u202f%"))
