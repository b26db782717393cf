"""Qualifying mentions with EDS-NLP: negated, hypothetical, historical, family history.

Matchers propose `Mention`s (a span of the report that would become a fact). EDS-NLP's
`eds.negation`, `eds.hypothesis`, `eds.history` and `eds.family` then look at the sentence
around each mention. Only the sentences that hold a mention are tokenised: they are copied one
per line into a compact document whose sentence boundaries we set ourselves, which keeps the
spaCy work proportional to what we need, not to the length of the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graphbuilder.extract.backends.rules.qualifiers import patterns
from graphbuilder.extract.backends.rules.text.document import ReportText, Sentence
from graphbuilder.extract.backends.rules.text.fold import fold

SPAN_GROUP = "graphbuilder_mentions"


@dataclass(eq=False)
class Mention:
    """A span a fact would rest on, and what EDS-NLP says about its context."""

    start: int
    end: int
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    family: bool = False
    qualified: bool = field(default=False, repr=False)

    @property
    def is_current_fact(self) -> bool:
        """Neither negated, hypothetical, historical nor about a relative."""
        return not (self.negated or self.hypothetical or self.historical or self.family)

    @property
    def is_patient_fact(self) -> bool:
        """Stated for this patient, now or in the past (history allowed)."""
        return not (self.negated or self.hypothetical or self.family)


def build_pipeline() -> Any:
    """The lean EDS-NLP pipeline: the eds tokenizer and the four qualifiers.

    Cue patterns are built through EDS-NLP's normaliser (lower case, no accents), which is then
    switched off: documents are made of our folded text, already in that form, so the
    normaliser's three passes over every token are saved.
    """
    import edsnlp
    import edsnlp.pipes as eds
    from edsnlp.pipes.qualifiers.family.patterns import family
    from edsnlp.pipes.qualifiers.history.patterns import history

    nlp = edsnlp.blank("eds")
    nlp.add_pipe(
        eds.normalizer(lowercase=True, accents=True, quotes=True, spaces=True, pollution=False)
    )
    getter = {SPAN_GROUP: True}
    termination = _folded(patterns.TERMINATION)
    nlp.add_pipe(
        eds.negation(
            span_getter=getter,
            preceding=_folded(patterns.NEGATION_PRECEDING),
            following=_folded(patterns.NEGATION_FOLLOWING),
            pseudo=_folded(patterns.NEGATION_PSEUDO),
            termination=termination,
        )
    )
    nlp.add_pipe(
        eds.hypothesis(
            span_getter=getter,
            preceding=_folded(patterns.HYPOTHESIS_PRECEDING),
            following=_folded(patterns.HYPOTHESIS_FOLLOWING),
            pseudo=_folded(patterns.HYPOTHESIS_PSEUDO),
            termination=termination,
        )
    )
    nlp.add_pipe(eds.history(span_getter=getter, history=_folded(history), termination=termination))
    nlp.add_pipe(
        eds.family(
            span_getter=getter, family=_folded(family), use_sections=False, termination=termination
        )
    )
    nlp.select_pipes(disable="normalizer")
    return nlp


def _folded(terms: list[str]) -> list[str]:
    """Each cue as written and as our folding writes it ("sœur" also as "seur")."""
    return list(dict.fromkeys([*terms, *(fold(term) for term in terms)]))


class Qualifier:
    """Runs the EDS-NLP qualifiers over batches of reports; the pipeline loads on first use."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = build_pipeline()
        return self._nlp

    def qualify(self, batch: Sequence[tuple[ReportText, Sequence[Mention]]]) -> None:
        """Set the qualifier flags of every mention in place."""
        prepared = [_Compact.of(report, mentions) for report, mentions in batch if mentions]
        docs = [compact.to_doc(self.nlp) for compact in prepared]
        for compact, doc in zip(
            prepared, self.nlp.pipe(docs, batch_size=self.batch_size), strict=True
        ):
            compact.read_back(doc)


@dataclass
class _Compact:
    """The sentences of one report that hold mentions, one per line, and the offset maps."""

    text: str
    chunks: list[tuple[int, Sentence]]  # (offset in the compact text, sentence of the report)
    placed: list[tuple[Mention, int, int]]  # mention and its offsets in the compact text
    aligned: list[bool] = field(default_factory=list)  # whether each mention got a span

    @classmethod
    def of(cls, report: ReportText, mentions: Sequence[Mention]) -> _Compact:
        by_sentence: dict[Sentence, list[Mention]] = {}
        for mention in mentions:
            by_sentence.setdefault(report.sentence_at(mention.start), []).append(mention)
        parts: list[str] = []
        chunks: list[tuple[int, Sentence]] = []
        placed: list[tuple[Mention, int, int]] = []
        offset = 0
        for sentence in sorted(by_sentence, key=lambda s: s.start):
            # folded text (lower case, no accents) matches the cues as the normaliser wrote
            # them; newlines inside a wrapped sentence would look like boundaries: flatten them
            piece = report.folded[sentence.start : sentence.end].replace("\n", " ")
            chunks.append((offset, sentence))
            for mention in by_sentence[sentence]:
                start = max(mention.start, sentence.start) - sentence.start + offset
                end = min(mention.end, sentence.end) - sentence.start + offset
                placed.append((mention, start, end))
            parts.append(piece)
            offset += len(piece) + 1
        # EDS-NLP's qualifiers walk spans in text order: they must be sorted
        placed.sort(key=lambda item: (item[1], item[2]))
        return cls("\n".join(parts), chunks, placed)

    def to_doc(self, nlp: Any) -> Any:
        doc = nlp.make_doc(self.text)
        starts = {offset for offset, _ in self.chunks}
        # our sentences are the chunks: mark their first tokens True and the token after each
        # False (so spaCy sees sentence annotation even with one chunk); the rest stay unset
        offsets = doc.to_array("IDX").tolist() if len(doc) else []
        for index, offset in enumerate(offsets):
            if offset in starts or index == 0:
                doc[index].is_sent_start = True
                if index + 1 < len(offsets) and offsets[index + 1] not in starts:
                    doc[index + 1].is_sent_start = False
        spans = [
            doc.char_span(start, end, alignment_mode="expand") if end > start else None
            for _, start, end in self.placed
        ]
        self.aligned = [span is not None for span in spans]
        doc.spans[SPAN_GROUP] = [span for span in spans if span is not None]
        return doc

    def read_back(self, doc: Any) -> None:
        """Copy the qualifiers' verdicts to the mentions (the span group keeps their order)."""
        spans = iter(doc.spans[SPAN_GROUP])
        for (mention, _, _), aligned in zip(self.placed, self.aligned, strict=True):
            if not aligned:
                continue
            span = next(spans)
            mention.negated = bool(span._.negation)
            mention.hypothetical = bool(span._.hypothesis)
            mention.historical = bool(span._.history)
            mention.family = bool(span._.family)
            mention.qualified = True
