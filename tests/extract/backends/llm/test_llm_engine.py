"""The LLM backend end to end with a scripted runtime: what vLLM cannot be made to do on purpose.

Every case builds the real backend (tasks, prompts, cache, grounding) around `ScriptedGenerator`,
which checks each request it receives.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuilder.core.errors import ExtractionError
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ExtractionBackend
from graphbuilder.extract.backends.llm.backend import LLMBackend
from graphbuilder.extract.backends.llm.cache import ResponseCache
from graphbuilder.extract.backends.llm.generation import GenerationRequest, Result, Unavailable
from graphbuilder.extract.backends.llm.tasks import TASKS_BY_NAME
from graphbuilder.extract.backends.precomputed import evidence_mismatch
from graphbuilder.extract.model import Evolution, RecistCategory
from graphbuilder.extract.run import run_extraction, run_id
from tests.extract.backends.llm.fakes import (
    CT_TEXT,
    EVOLUTION_ANSWER,
    ScriptedGenerator,
    answer,
    grounded_answers,
    report,
    settings,
    task_of,
)


def backend(tmp_path: Path, generator: ScriptedGenerator, **overrides: object) -> LLMBackend:
    return LLMBackend(settings(tmp_path / "cache", **overrides), generator)


def test_the_llm_backend_is_an_extraction_backend(tmp_path: Path) -> None:
    assert isinstance(backend(tmp_path, ScriptedGenerator()), ExtractionBackend)


def test_a_grounded_answer_becomes_an_extraction_with_our_own_offsets(tmp_path: Path) -> None:
    generator = ScriptedGenerator()
    [outcome] = backend(tmp_path, generator).extract([report("R1")])

    assert outcome.failure is None and outcome.warnings == ()
    extraction = outcome.extraction
    assert extraction is not None and extraction.radiology is not None
    radiology = extraction.radiology
    assert radiology.stated_evolution is not None
    assert radiology.stated_evolution.value is Evolution.STABILITY
    assert radiology.stated_evolution.evidence.text == "Au total : SD"
    assert radiology.stated_evolution.evidence.start == CT_TEXT.index("Au total : SD")
    assert radiology.stated_recist is not None
    assert radiology.stated_recist.value is RecistCategory.SD
    [lesion] = radiology.lesions
    assert lesion.long_axis_mm is not None and lesion.long_axis_mm.value == 25
    assert lesion.previous is not None and lesion.previous.long_axis_mm is not None
    assert lesion.previous.long_axis_mm.value == 31
    assert evidence_mismatch(extraction, CT_TEXT) is None
    assert sorted(task_of(r) for r in generator.requests) == [
        "radiology_evolution",
        "radiology_lesions",
    ]


def test_only_the_tasks_of_a_report_kind_are_asked(tmp_path: Path) -> None:
    generator = ScriptedGenerator()
    reports = [
        report("CT", kind=ReportKind.RADIOLOGY),
        report("PATH", "Biopsie du sein droit.", ReportKind.PATHOLOGY),
        report("RCP", "Poursuite du FOLFOX.", ReportKind.TUMOUR_BOARD),
    ]
    outcomes = {o.report_id: o for o in backend(tmp_path, generator).extract(reports)}

    asked = sorted((r.label.split()[1], task_of(r)) for r in generator.requests)
    assert asked == [
        ("'CT'", "radiology_evolution"),
        ("'CT'", "radiology_lesions"),
        ("'PATH'", "pathology"),
        ("'RCP'", "treatments"),
    ]
    assert all(outcome.succeeded for outcome in outcomes.values())


def test_a_report_no_task_applies_to_gets_an_empty_extraction_without_a_model_call(
    tmp_path: Path,
) -> None:
    generator = ScriptedGenerator()
    llm = backend(tmp_path, generator, tasks=("radiology_evolution",))
    [outcome] = llm.extract([report("C1", "Consultation.", ReportKind.CONSULTATION)])

    assert outcome.extraction is not None and outcome.extraction.radiology is None
    assert generator.requests == []


def test_the_shared_instruction_comes_first_and_is_identical_for_every_report(
    tmp_path: Path,
) -> None:
    generator = ScriptedGenerator()
    texts = [CT_TEXT, "IRM hépatique. Au total : PD.", "TDM. Bilan initial."]
    reports = [report(f"R{i}", text) for i, text in enumerate(texts)]
    list(backend(tmp_path, generator, tasks=("radiology_evolution",)).extract(reports))

    assert len({request.prompt.instruction for request in generator.requests}) == 1
    for request, text in zip(generator.requests, texts, strict=True):
        assert request.prompt.text.startswith(request.prompt.instruction)
        assert text in request.prompt.report


def test_a_second_run_replays_the_cache_without_a_model_call(tmp_path: Path) -> None:
    first = ScriptedGenerator()
    [before] = backend(tmp_path, first).extract([report("R1")])
    second = ScriptedGenerator()
    replay = backend(tmp_path, second)
    [after] = replay.extract([report("R1")])

    assert second.requests == []
    assert after == before
    counters = replay.summary()["counters"]
    assert counters["cache_hits"] == counters["requests"] == 2
    assert counters.get("model_requests", 0) == 0


def test_identical_texts_under_two_report_ids_are_asked_once(tmp_path: Path) -> None:
    generator = ScriptedGenerator()
    outcomes = list(backend(tmp_path, generator).extract([report("A"), report("B")]))

    assert len(generator.requests) == 2  # one per task, not per report
    assert {o.report_id for o in outcomes} == {"A", "B"}
    assert outcomes[0].extraction is not None and outcomes[1].extraction is not None
    assert outcomes[0].extraction.radiology == outcomes[1].extraction.radiology


def test_a_changed_report_text_or_setting_misses_the_cache(tmp_path: Path) -> None:
    list(backend(tmp_path, ScriptedGenerator()).extract([report("R1")]))
    edited = ScriptedGenerator()
    list(backend(tmp_path, edited).extract([report("R1", CT_TEXT + " ")]))
    hotter = ScriptedGenerator()
    list(backend(tmp_path, hotter, max_tokens=999).extract([report("R1")]))

    assert len(edited.requests) == 2
    assert len(hotter.requests) == 2


def test_frozen_fails_on_a_miss_listing_reports_and_tasks_and_never_calls_the_model(
    tmp_path: Path,
) -> None:
    list(backend(tmp_path, ScriptedGenerator()).extract([report("R1")]))
    generator = ScriptedGenerator()
    frozen = backend(tmp_path, generator, frozen=True)

    [replayed] = frozen.extract([report("R1")])
    assert replayed.succeeded
    with pytest.raises(ExtractionError, match=r"--frozen: 2 LLM answer\(s\) are not in the cache"):
        list(frozen.extract([report("R1"), report("R2", "Autre scanner. Au total : PD.")]))
    with pytest.raises(
        ExtractionError, match=r"R2 \(radiology_evolution\), R2 \(radiology_lesions\)"
    ):
        list(frozen.extract([report("R2", "Autre scanner. Au total : PD.")]))
    assert generator.requests == []


def test_frozen_on_an_empty_cache_folder_creates_nothing(tmp_path: Path) -> None:
    frozen = backend(tmp_path, ScriptedGenerator(), frozen=True)
    with pytest.raises(ExtractionError, match="R1"):
        list(frozen.extract([report("R1")]))
    assert not (tmp_path / "cache").exists()


def scripted(*replies: Result) -> ScriptedGenerator:
    """Replies in order, one per request (evolution task only)."""
    queue = list(replies)
    return ScriptedGenerator(lambda request: queue.pop(0))


def test_a_truncated_answer_is_asked_again_with_twice_the_tokens(tmp_path: Path) -> None:
    generator = scripted(answer('{"is_follow_up":{"quo', "length"), answer(EVOLUTION_ANSWER))
    llm = backend(tmp_path, generator, tasks=("radiology_evolution",), max_tokens=50)
    [outcome] = llm.extract([report("R1")])

    assert outcome.succeeded
    assert [r.sampling.max_tokens for r in generator.requests] == [50, 100]
    assert llm.summary()["counters"]["retries"] == 1


def test_truncation_past_the_retries_is_a_failed_extraction_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    def reply(request: GenerationRequest) -> Result:
        if "Au total : PD" in request.prompt.report:
            return answer('{"stated_evolution":', "length", tokens=request.sampling.max_tokens)
        return answer(EVOLUTION_ANSWER)

    generator = ScriptedGenerator(reply)
    llm = backend(tmp_path, generator, tasks=("radiology_evolution",), max_tokens=40)
    outcomes = {
        o.report_id: o for o in llm.extract([report("BAD", "IRM. Au total : PD."), report("OK")])
    }

    assert outcomes["OK"].succeeded
    failure = outcomes["BAD"].failure
    assert failure is not None and outcomes["BAD"].extraction is None
    assert failure.startswith("radiology_evolution: truncated: the answer was cut at 160 tokens")
    assert failure.endswith("(after 3 attempts)")
    budgets = [r.sampling.max_tokens for r in generator.requests if "PD" in r.prompt.report]
    assert budgets == [40, 80, 160]


def test_invalid_json_is_retried_and_stops_when_the_model_repeats_itself(tmp_path: Path) -> None:
    generator = ScriptedGenerator(lambda request: answer("Stability, je pense."))
    llm = backend(tmp_path, generator, tasks=("radiology_evolution",), max_retries=5)
    [outcome] = llm.extract([report("R1")])

    assert len(generator.requests) == 2
    assert outcome.failure == (
        "radiology_evolution: invalid json: Expecting value at character 0 of 20 (after 2 attempts)"
    )
    assert "Stability" not in outcome.failure  # the answer text is never echoed


def test_a_schema_violation_is_a_failure_with_the_field_and_no_text(tmp_path: Path) -> None:
    bad = {"stated_evolution": {"quote": "Au total : SD", "value": "Stable"}}
    generator = scripted(answer(bad), answer(bad))
    [outcome] = backend(tmp_path, generator, tasks=("radiology_evolution",)).extract([report("R1")])

    assert outcome.failure == (
        "radiology_evolution: schema violation: stated_evolution.value: enum (after 2 attempts)"
    )


def test_a_failed_answer_is_cached_and_replayed_as_the_same_failure(tmp_path: Path) -> None:
    generator = ScriptedGenerator(lambda request: answer("pas du JSON"))
    [first] = backend(tmp_path, generator, tasks=("radiology_evolution",)).extract([report("R1")])
    again = ScriptedGenerator()
    [second] = backend(tmp_path, again, tasks=("radiology_evolution",)).extract([report("R1")])

    assert again.requests == []
    assert second.failure == first.failure is not None


def test_an_unreachable_model_fails_the_report_and_is_asked_again_next_run(tmp_path: Path) -> None:
    down = ScriptedGenerator(lambda request: Unavailable("cannot reach the server"))
    [outcome] = backend(tmp_path, down, tasks=("radiology_evolution",)).extract([report("R1")])
    assert outcome.failure == "radiology_evolution: cannot reach the server"
    assert len(ResponseCache(tmp_path / "cache")) == 0

    up = ScriptedGenerator()
    [outcome] = backend(tmp_path, up, tasks=("radiology_evolution",)).extract([report("R1")])
    assert outcome.succeeded and len(up.requests) == 1


def test_a_runtime_error_finish_reason_is_not_an_answer_and_is_not_cached(tmp_path: Path) -> None:
    generator = ScriptedGenerator(lambda request: answer("", "error"))
    llm = backend(tmp_path, generator, tasks=("radiology_evolution",))
    [outcome] = llm.extract([report("R1")])

    assert outcome.failure is not None and "finish_reason 'error'" in outcome.failure
    assert len(generator.requests) == 1
    assert len(ResponseCache(tmp_path / "cache")) == 0


def test_ungrounded_quotes_are_dropped_counted_and_never_stored(tmp_path: Path) -> None:
    invented = {
        "is_follow_up": {"quote": "comparé au scanner du 10/12/2023", "value": True},
        "stated_evolution": {"quote": "Progression franche", "value": "Progression"},
    }
    generator = ScriptedGenerator(lambda request: answer(invented))
    llm = backend(tmp_path, generator, tasks=("radiology_evolution",))
    run, outcomes = run_extraction(llm, [report("R1")])

    outcome = outcomes["R1"]
    assert outcome.extraction is not None and outcome.extraction.radiology is not None
    assert outcome.extraction.radiology.stated_evolution is None
    assert outcome.extraction.radiology.is_follow_up is not None
    assert outcome.warnings == (
        "radiology_evolution: quote not found in the report, value dropped: stated_evolution",
    )
    assert llm.summary()["counters"]["values_ungrounded"] == 1
    assert run.id == run_id(llm.info())


def test_a_lesion_whose_organ_is_ungrounded_is_dropped_whole(tmp_path: Path) -> None:
    lesions = {
        "lesions": [
            {
                "organ": {"quote": "Lésion pulmonaire", "value": "lung"},
                "nodal": {"quote": "Lésion hépatique", "value": False},
                "status": {"quote": "Lésion hépatique", "value": "present"},
            }
        ]
    }
    generator = ScriptedGenerator(lambda request: answer(lesions))
    llm = backend(tmp_path, generator, tasks=("radiology_lesions",))
    [outcome] = llm.extract([report("R1")])

    assert outcome.extraction is not None and outcome.extraction.radiology is not None
    assert outcome.extraction.radiology.lesions == []
    assert outcome.warnings == (
        "radiology_lesions: quote not found in the report, value dropped: lesions[0].organ",
        "radiology_lesions: dropped lesions[0] (organ: missing)",
    )


def three_samples(evolutions: list[str]) -> ScriptedGenerator:
    def reply(request: GenerationRequest) -> Result:
        sample = int(request.label.rsplit("#", 1)[1]) - 1
        document = json.loads(json.dumps(EVOLUTION_ANSWER))
        document["stated_evolution"]["value"] = evolutions[sample]
        return answer(document)

    return ScriptedGenerator(reply)


def test_k_samples_keep_what_all_agree_on_and_drop_and_flag_the_rest(tmp_path: Path) -> None:
    generator = three_samples(["Stability", "Stability", "Progression"])
    llm = backend(tmp_path, generator, tasks=("radiology_evolution",), samples=3, temperature=0.7)
    [outcome] = llm.extract([report("R1")])

    assert sorted(r.sampling.seed for r in generator.requests) == [
        llm.settings.seed,
        llm.settings.seed + 1,
        llm.settings.seed + 2,
    ]
    radiology = outcome.extraction.radiology if outcome.extraction else None
    assert radiology is not None
    assert radiology.stated_evolution is None  # 2 of 3 is not agreement
    assert radiology.stated_recist is not None and radiology.is_follow_up is not None
    assert outcome.warnings == (
        "radiology_evolution: stated_evolution unstable across 3 samples "
        "(agreement 0.67); disagreeing values dropped",
    )
    summary = llm.summary()
    assert summary["field_agreement"]["radiology_evolution.stated_evolution"] == 0.6667
    assert summary["field_agreement"]["radiology_evolution.stated_recist"] == 1.0
    assert summary["counters"]["fields_unstable"] == 1


def test_the_backend_info_records_prompts_schemas_and_sampling(tmp_path: Path) -> None:
    llm = backend(tmp_path, ScriptedGenerator(), tasks=("radiology_evolution",))
    info = llm.info()
    task = TASKS_BY_NAME["radiology_evolution"]

    assert info.backend == "scripted" and info.model == "fake-model"
    assert info.model_revision == "unpinned"
    assert info.parameters["prompts"] == {
        "radiology_evolution": {"id": "radiology_evolution.v1", "sha256": task.prompt().sha256}
    }
    assert info.parameters["schemas"] == {"radiology_evolution": task.schema_sha256()}
    assert info.parameters["sampling"] == {
        "temperature": 0.0,
        "top_p": 1.0,
        "seed": llm.settings.seed,
        "samples": 1,
        "max_tokens": {"radiology_evolution": 384},
    }
    same = backend(tmp_path, ScriptedGenerator(), tasks=("radiology_evolution",))
    other = backend(tmp_path, ScriptedGenerator(), tasks=("radiology_evolution",), seed=1)
    assert run_id(same.info()) == run_id(info) != run_id(other.info())


def test_answers_of_an_unlisted_task_name_are_a_configuration_error(tmp_path: Path) -> None:
    from graphbuilder.core.errors import ConfigError

    with pytest.raises(ConfigError, match=r"llm.tasks: 'lesion' is not accepted \(accepted: "):
        backend(tmp_path, ScriptedGenerator(), tasks=("lesion",))


def test_requests_go_to_the_runtime_in_batches_grouped_by_task(tmp_path: Path) -> None:
    generator = ScriptedGenerator(grounded_answers)
    reports = [report(f"R{i}", f"{CT_TEXT} ({i})") for i in range(5)]
    list(backend(tmp_path, generator, batch_size=4).extract(reports))

    assert generator.batches == [4, 4, 2]
    tasks = [task_of(r) for r in generator.requests]
    assert tasks == ["radiology_evolution"] * 5 + ["radiology_lesions"] * 5


class ForgetfulGenerator(ScriptedGenerator):
    """A broken runtime that drops every second request without an answer."""

    def generate(self, requests):  # type: ignore[no-untyped-def]
        for index, result in super().generate(requests):
            if index % 2 == 0:
                yield index, result


def test_a_request_the_runtime_never_answers_fails_its_report_instead_of_losing_it(
    tmp_path: Path,
) -> None:
    reports = [report(f"R{i}", f"{CT_TEXT} ({i})") for i in range(4)]
    outcomes = list(
        backend(tmp_path, ForgetfulGenerator(), tasks=("radiology_evolution",)).extract(reports)
    )

    assert sorted(o.report_id for o in outcomes) == ["R0", "R1", "R2", "R3"]
    assert [o.failure for o in outcomes if not o.succeeded] == [
        "radiology_evolution: the model runtime returned no answer"
    ] * 2
