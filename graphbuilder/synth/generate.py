"""`generate(config, out)`: the whole synthetic corpus, streamed patient by patient.

Memory stays bounded by a few patients (plus one Parquet row group) whatever the corpus size.
With `config.workers > 1`, processes render chunks of patients and the parent writes them in
patient order: each patient has its own generators, so the files are the same byte for byte.
With `config.validate`, every gold record is validated by `ReportExtraction` and every
evidence checked against its report text (slow: for tests and audits).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from pathlib import Path

from graphbuilder.core.errors import ConfigError, GraphBuilderError
from graphbuilder.core.progress import Progress, SilentProgress
from graphbuilder.synth.config import OutputFormat, SynthConfig, SynthSummary
from graphbuilder.synth.patient import Report, synthesise
from graphbuilder.synth.serialise import PatientOutput, serialise
from graphbuilder.synth.text import Usage
from graphbuilder.synth.writers import CorpusWriters

CHUNK_PATIENTS = 50


def generate(config: SynthConfig, out: Path, progress: Progress | None = None) -> SynthSummary:
    """Write the corpus `config` describes into the folder `out` (created if needed)."""
    started = time.perf_counter()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"{out}: cannot create the output folder ({error.strerror})") from None
    summary = SynthSummary()
    with (
        CorpusWriters(out, config) as writers,
        (progress or SilentProgress()).step("synthesising patients", config.patients) as step,
    ):
        for outputs, usage in _chunks(config):
            for output in outputs:
                writers.write(output)
                _count(summary, output)
            _merge(summary.phrasings, usage)
            step.advance(len(outputs))
        summary.files = [str(path.relative_to(out)) for path in writers.paths]
    if OutputFormat.FOLDER in config.formats:
        summary.files.append("reports/")
    summary.seconds = time.perf_counter() - started
    return summary


def produce_chunk(config: SynthConfig, start: int, stop: int) -> tuple[list[PatientOutput], Usage]:
    """Patients `start` to `stop - 1`, serialised (the unit of work of a worker process)."""
    usage: Usage = {}
    fhir = OutputFormat.FHIR in config.formats
    outputs = []
    for index in range(start, stop):
        synth = synthesise(config, index, usage)
        if config.validate:
            for report in synth.reports:
                check_gold(report)
        outputs.append(serialise(synth, fhir))
    return outputs, usage


def _produce(arguments: tuple[SynthConfig, int, int]) -> tuple[list[PatientOutput], Usage]:
    return produce_chunk(*arguments)


def _chunks(config: SynthConfig) -> Iterator[tuple[list[PatientOutput], Usage]]:
    bounds = [
        (config, start, min(start + CHUNK_PATIENTS, config.patients))
        for start in range(0, config.patients, CHUNK_PATIENTS)
    ]
    if config.workers == 1 or len(bounds) == 1:
        for arguments in bounds:
            yield _produce(arguments)
        return
    # spawn: workers import the package afresh (no inherited threads or open files)
    context = multiprocessing.get_context("spawn")
    with context.Pool(config.workers) as pool:
        yield from pool.imap(_produce, bounds, chunksize=1)


def _merge(phrasings: dict[str, list[int]], usage: Usage) -> None:
    for bank, counts in usage.items():
        total = phrasings.setdefault(bank, [0] * len(counts))
        for index, count in enumerate(counts):
            total[index] += count


def _count(summary: SynthSummary, output: PatientOutput) -> None:
    summary.patients += 1
    summary.cancers[output.site] += 1
    summary.reports += len(output.rows)
    for row in output.rows:
        summary.characters += len(row[4])
        summary.kinds[row[3]] += 1
    summary.contradictions.update(output.contradictions)


def check_gold(report: Report) -> None:
    """The gold validates as a ReportExtraction and each evidence quotes the text at its offsets."""
    from graphbuilder.extract.model import ReportExtraction

    extraction = ReportExtraction.model_validate(report.gold)
    for evidence in extraction.evidences():
        if report.text[evidence.start : evidence.end] != evidence.text:
            raise GraphBuilderError(
                f"report {report.report_id!r}: gold evidence {evidence.text!r} is not at "
                f"{evidence.start}:{evidence.end} (synth bug — please report it)"
            )
