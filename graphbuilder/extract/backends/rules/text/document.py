"""A report as the rules see it: original and folded text, sentences, sections, evidence."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

from graphbuilder.extract.backends.rules.text import patterns
from graphbuilder.extract.backends.rules.text.fold import fold
from graphbuilder.extract.model import Evidence

_TRIM = " \n\t\r\u00a0\u202f,;:"


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a line, or a clause ended by ';') as character offsets."""

    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """A titled part of a report: from its heading to the next heading."""

    name: str
    start: int
    end: int
    label_end: int  # where the heading's words end ("Conclusion" of "Conclusion :")


class ReportText:
    """The text of one report with everything the matchers share, computed once."""

    def __init__(self, text: str, report_date: dt.date) -> None:
        self.text = text
        self.folded = fold(text)
        self.report_date = report_date
        self.sentences = _split_sentences(text, self.folded)
        self._sentence_starts = [sentence.start for sentence in self.sentences]
        self.sections = _find_sections(self.folded)
        self._section_starts = [section.start for section in self.sections]

    def evidence(self, start: int, end: int) -> Evidence | None:
        """Evidence quoting text[start:end] without surrounding blanks; None if nothing is left."""
        text = self.text
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if end <= start:
            return None
        # valid by construction (0 <= start < end, text quoted at its offsets): skip pydantic's
        # validation, which would cost more than the whole quote
        return Evidence.model_construct(start=start, end=end, text=text[start:end])

    def sentence_at(self, offset: int) -> Sentence:
        index = bisect_right(self._sentence_starts, offset) - 1
        if index < 0:
            return Sentence(0, min(len(self.text), offset + 1))
        return self.sentences[index]

    def line_start(self, offset: int) -> int:
        """Where the line holding `offset` starts (a list item, a "Présents :" line)."""
        return self.text.rfind("\n", 0, offset) + 1

    def section_at(self, offset: int) -> str | None:
        index = bisect_right(self._section_starts, offset) - 1
        if index < 0 or offset >= self.sections[index].end:
            return None
        return self.sections[index].name

    def section_spans(self, name: str) -> list[Section]:
        return [section for section in self.sections if section.name == name]

    def conclusion_start(self) -> int | None:
        """Where the conclusion begins (its last heading, as reports may repeat one)."""
        spans = self.section_spans("conclusion")
        return spans[-1].start if spans else None


def _split_sentences(text: str, folded: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    start = 0
    for match in patterns.SENTENCE_END.finditer(folded):
        end = match.start()
        if match.group() == "\n":
            if not _line_break_ends_sentence(text, folded, end):
                continue
        elif match.group() == "." and _is_abbreviation(folded, end):
            continue
        _append(sentences, folded, start, end + (match.group() != "\n"))
        start = match.end()
    _append(sentences, folded, start, len(folded))
    return tuple(sentences)


def _append(sentences: list[Sentence], folded: str, start: int, end: int) -> None:
    while start < end and folded[start].isspace():
        start += 1
    while end > start and folded[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end))


def _line_break_ends_sentence(text: str, folded: str, position: int) -> bool:
    """A hard-wrapped line continues its sentence; a new paragraph, item or heading does not."""
    last = position - 1
    while last >= 0 and folded[last] == " ":
        last -= 1
    if last < 0 or folded[last] in "\n.:;!?":
        return True
    rest = text[position + 1 : position + 3]
    stripped = rest.lstrip(" ")
    if not stripped or stripped[0] in "\n-•*>#" or stripped[0].isdigit():
        return True
    return stripped[0].isupper()


def _is_abbreviation(folded: str, period: int) -> bool:
    word_start = period
    while word_start > 0 and folded[word_start - 1].isalpha():
        word_start -= 1
    word = folded[word_start:period]
    if word in patterns.ABBREVIATIONS:
        return True
    # an initial ("J. Martin") or a decimal written with a period and a space is not an end
    return len(word) == 1 and word not in "iv"  # "segment V." does end a sentence


def _find_sections(folded: str) -> tuple[Section, ...]:
    heads: list[tuple[int, str, int]] = []
    for match in patterns.HEADING.finditer(folded):
        name = next(key for key, value in match.groupdict().items() if value and key != "label")
        heads.append((match.start("label"), name, match.end("label")))
    for match in patterns.INLINE_CONCLUSION.finditer(folded):
        if all(abs(match.start("cue") - start) > 3 for start, _, _ in heads):
            heads.append((match.start("cue"), "conclusion", match.end("cue")))
    heads.sort()
    sections = []
    for index, (start, name, label_end) in enumerate(heads):
        end = heads[index + 1][0] if index + 1 < len(heads) else len(folded)
        if name in patterns.SHORT_SECTIONS:
            paragraph_end = patterns.PARAGRAPH_END.search(folded, start, end)
            if paragraph_end:
                end = paragraph_end.start()
        sections.append(Section(name, start, end, label_end))
    return tuple(sections)
