"""Building a report from pieces while recording where each evidence lands.

Gold offsets are never searched for afterwards: a report is appended piece by piece, literal
text may be corrupted by the noise model *before* it is appended, and a value's evidence is
recorded at the offset where its (never corrupted) text goes. So `text[start:end] == quote`
holds by construction, with or without noise.

A phrase template is a string with slots: `"{status=Apparition} d'une lésion de {size}"`.
`{name}` takes its text from the values given to `emit`; `{name=text}` carries its own text.
A slot's value may be a string (recorded as evidence under the slot's name), a `Lit` (plain
text, no evidence), a `Phrase` (a filled sub-template, whose evidence keys are merged) or
`None`/`""` (nothing).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, Protocol

Evidence = dict[str, Any]  # {"start": int, "end": int, "text": str}
Usage = dict[str, list[int]]  # bank name → how many times each phrasing was used

_SLOT = re.compile(r"\{(\w+)(?:=([^{}]*))?\}")


class Lit(str):
    """Text that is written as is (and may be noised) but is not evidence of anything."""

    __slots__ = ()


class Template(NamedTuple):
    """A compiled phrase: literal strings and (slot name, fixed text or None) pairs."""

    parts: tuple[str | tuple[str, str | None], ...]
    source: str
    slots: frozenset[str]


def compile_template(source: str) -> Template:
    parts: list[str | tuple[str, str | None]] = []
    position = 0
    for match in _SLOT.finditer(source):
        if match.start() > position:
            parts.append(source[position : match.start()])
        parts.append((match.group(1), match.group(2)))
        position = match.end()
    if position < len(source):
        parts.append(source[position:])
    slots = frozenset(part[0] for part in parts if not isinstance(part, str))
    return Template(tuple(parts), source, slots)


# Gender markers, resolved before compiling: "mesuré{e}" → "mesuré" / "mesurée".
GENDER_MARKERS: tuple[tuple[str, str, str], ...] = (
    ("{e}", "", "e"),
    ("{if}", "if", "ive"),
    ("{nouveau}", "nouveau", "nouvelle"),
    ("{Nouveau}", "Nouveau", "Nouvelle"),
)


def gendered(source: str, feminine: bool) -> str:
    for marker, masculine, feminine_form in GENDER_MARKERS:
        source = source.replace(marker, feminine_form if feminine else masculine)
    return source


class Bank:
    """The phrasings of one sentence type; a renderer picks one at random and the use is counted.

    Every bank used for a sentence type that matters holds at least five phrasings, so that a
    corpus exercises an extractor on varied text, not on one template. Gender markers
    (`{e}`, `{if}`, `{nouveau}`) give each phrasing a masculine and a feminine form.
    """

    __slots__ = ("feminine", "masculine", "name")

    def __init__(self, name: str, sources: Sequence[str]) -> None:
        if not sources:
            raise ValueError(f"phrase bank {name!r} is empty")
        self.name = name
        self.masculine = tuple(compile_template(gendered(source, False)) for source in sources)
        self.feminine = tuple(compile_template(gendered(source, True)) for source in sources)

    def __len__(self) -> int:
        return len(self.masculine)

    def pick(self, rng: random.Random, usage: Usage | None, feminine: bool = False) -> Template:
        index = int(rng.random() * len(self.masculine))
        if usage is not None:
            counts = usage.get(self.name)
            if counts is None:
                counts = usage[self.name] = [0] * len(self.masculine)
            counts[index] += 1
        return (self.feminine if feminine else self.masculine)[index]


class Phrase(NamedTuple):
    """A template with its slot values, emitted later inside a larger template."""

    template: Template
    values: Mapping[str, object]


class Noiser(Protocol):
    def corrupt(self, text: str) -> str: ...


class TextBuilder:
    """Appends pieces, applies noise to literal text only, and returns evidence dicts."""

    __slots__ = ("_noise", "_parts", "_position")

    def __init__(self, noise: Noiser | None = None) -> None:
        self._parts: list[str] = []
        self._position = 0
        self._noise = noise

    @property
    def position(self) -> int:
        return self._position

    def text(self) -> str:
        return "".join(self._parts)

    def lit(self, text: str) -> None:
        """Running text: noised when noise is on."""
        if self._noise is not None and text:
            text = self._noise.corrupt(text)
        self._parts.append(text)
        self._position += len(text)

    def keep(self, text: str) -> None:
        """Text that must stay exact (layout, cues whose corruption would change the meaning)."""
        self._parts.append(text)
        self._position += len(text)

    def span(self, text: str) -> Evidence:
        """Append evidence text verbatim; its offsets are where it lands."""
        start = self._position
        self._parts.append(text)
        self._position = start + len(text)
        return {"start": start, "end": self._position, "text": text}

    def emit(
        self, template: Template, values: Mapping[str, object] | None = None
    ) -> dict[str, Evidence]:
        """Write a template; returns the evidence of every slot that received text."""
        found: dict[str, Evidence] = {}
        self._emit_into(template, values or {}, found)
        return found

    def _emit_into(
        self, template: Template, values: Mapping[str, object], found: dict[str, Evidence]
    ) -> None:
        # The hot loop of the generator: locals instead of attributes, no helper calls.
        parts, noise, position = self._parts, self._noise, self._position
        for part in template.parts:
            if isinstance(part, str):
                text = part if noise is None else noise.corrupt(part)
                parts.append(text)
                position += len(text)
                continue
            name, fixed = part
            value = fixed if fixed is not None else values.get(name)
            if not value:
                continue
            kind = value.__class__
            if kind is str:
                end = position + len(value)  # type: ignore[arg-type]
                parts.append(value)  # type: ignore[arg-type]
                found[name] = {"start": position, "end": end, "text": value}
                position = end
            elif kind is Lit:
                text = str.__str__(value)
                if noise is not None:
                    text = noise.corrupt(text)
                parts.append(text)
                position += len(text)
            elif kind is Phrase:
                self._position = position
                self._emit_into(value.template, value.values, found)  # type: ignore[attr-defined]
                position = self._position
            else:
                raise TypeError(f"slot {name!r} of {template.source!r} got {value!r}")
        self._position = position
