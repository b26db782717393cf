"""One fast regular expression for a long list of alternatives (a drug lexicon, organ words).

Python's `re` tries every branch of an alternation at every position. With 150 drug names
that dominates the scan. Grouping branches by their first letter, behind a one-character
lookahead, lets the engine skip to the few branches that can start there; the word boundary is
checked once around the whole. Each written form gets its own named group, mapped back to the
key of its entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_PLAIN_START = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Alternation:
    pattern: re.Pattern[str]
    keys: dict[str, int]  # group name -> index of the entry it belongs to

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> list[tuple[int, re.Match[str]]]:
        """(entry index, match) for every match in text[start:end]."""
        found = []
        for match in self.pattern.finditer(text, start, len(text) if end is None else end):
            group = match.lastgroup
            if group is not None:
                found.append((self.keys[group], match))
        return found

    def search(
        self, text: str, start: int = 0, end: int | None = None
    ) -> tuple[int, re.Match[str]] | None:
        """The first (entry index, match) in text[start:end], or None."""
        match = self.pattern.search(text, start, len(text) if end is None else end)
        if match is None or match.lastgroup is None:
            return None
        return self.keys[match.lastgroup], match


def _structure(pattern: str) -> list[tuple[int, str]]:
    """(index, char) of the characters that shape a regex: unescaped "(", ")" and "|" outside
    character classes ("[^)]" holds no parenthesis)."""
    shaping: list[tuple[int, str]] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            index += 1
            if pattern[index : index + 1] == "^":
                index += 1
            if pattern[index : index + 1] == "]":  # "[]...]": a literal "]" first
                index += 1
            continue
        elif char in "()|":
            shaping.append((index, char))
        index += 1
    return shaping


def split_top_level(forms: str) -> list[str]:
    """ "a|b(?:c|d)|e" -> ["a", "b(?:c|d)", "e"]."""
    parts, depth, last = [], 0, 0
    for index, char in _structure(forms):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            parts.append(forms[last:index])
            last = index + 1
    parts.append(forms[last:])
    return parts


def compile_alternation(forms_by_entry: Sequence[str], boundary: str = r"\w") -> Alternation:
    """Compile entries' forms (each a regex alternation) into one first-letter-grouped regex.

    Word boundaries written inside a form ("\\bfoie\\b") are dropped: the whole alternation is
    bounded by `boundary` on both sides. Forms that open with a plain letter are grouped under
    it, the start boundary checked right after the letter: "f(?<!\\wf)(?:oie|...)". A regex
    that opens with plain characters lets Python's engine jump between candidate positions.
    """
    by_first: dict[str, list[str]] = {}
    keys: dict[str, int] = {}
    for index, forms in enumerate(forms_by_entry):
        written_forms = [
            spread
            for written in split_top_level(forms)
            for spread in _optional_start_spread(written.removeprefix("\\b").removesuffix("\\b"))
        ]
        for number, form in enumerate(written_forms):
            name = f"g{index}_{number}"
            keys[name] = index
            if _PLAIN_START.match(form[:1]) is None or form[1:2] in ("?", "*", "{"):
                raise ValueError(f"form {form!r} must start with a plain letter or digit")
            by_first.setdefault(form[0], []).append(f"(?P<{name}>{form[1:]})")
    branches = []
    for first, alternatives in by_first.items():
        letter = re.escape(first)
        branches.append(f"{letter}(?<![{boundary}]{letter})(?:{'|'.join(alternatives)})")
    pattern = re.compile(f"(?:{'|'.join(branches)})(?![{boundary}])")
    return Alternation(pattern, keys)


def _optional_start_spread(form: str) -> list[str]:
    """ "m?folfox" -> ["mfolfox", "folfox"]; "(?:osteo)?lytique" -> ["osteolytique", "lytique"]."""
    if form.startswith("-?"):
        return _optional_start_spread(form[2:])  # a leading hyphen adds nothing on its own
    if len(form) > 1 and form[1] == "?" and _PLAIN_START.match(form[0]):
        spread = [form[0] + form[2:], form[2:]]
    elif form.startswith("(?:"):
        spread = [part.removeprefix("\\b") for part in _spread("\\b" + form)]
    else:
        return [form]
    if spread == [form]:
        return spread
    return [final for part in spread for final in _optional_start_spread(part)]


_LEADING_BOUNDARY = re.compile(r"\\b([a-z0-9])")
_GROUP_START = "\\b(?:"


def fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern` with its top-level "\\bx..." alternatives rewritten "x(?<!\\wx)...".

    Both mean "x at the start of a word", but a pattern whose alternatives all open with a
    plain character lets the engine skip ahead to the characters that can start a match, where
    a leading "\\b" makes it try every position. "\\b(?:a|b)c" and "\\b(?:a)?c" are first
    spread into plain alternatives. Nothing else in the pattern changes.
    """
    parts: list[str] = []
    for alternative in split_top_level(pattern):
        parts += [_lead_with_letter(spread) for spread in _spread(alternative)]
    return re.compile("|".join(parts), flags)


def _spread(alternative: str) -> list[str]:
    """ "\\b(?:a|b)c" -> ["\\bac", "\\bbc"]; "\\b(?:a)?c" -> ["\\bac", "\\bc"]."""
    if not alternative.startswith(_GROUP_START):
        return [alternative]
    close = _closing_paren(alternative, len(_GROUP_START) - 3)
    if close is None:
        return [alternative]
    inner = alternative[len(_GROUP_START) : close]
    rest = alternative[close + 1 :]
    optional = rest.startswith("?") and not rest.startswith("??")
    if optional:
        rest = rest[1:]
    elif rest[:1] in ("*", "+", "{"):
        return [alternative]
    if "(?P" in rest:
        return [alternative]  # a named group cannot be repeated in each spread alternative
    spread = [f"\\b{part}{rest}" for part in split_top_level(inner)]
    return [*spread, f"\\b{rest}"] if optional else spread


def _closing_paren(text: str, opening: int) -> int | None:
    depth = 0
    for index, char in _structure(text):
        if index < opening or char == "|":
            continue
        depth += 1 if char == "(" else -1
        if depth == 0:
            return index
    return None


def _lead_with_letter(alternative: str) -> str:
    match = _LEADING_BOUNDARY.match(alternative)
    if match is None:
        return alternative
    letter = match.group(1)
    return f"{letter}(?<!\\w{letter}){alternative[match.end() :]}"
