"""Declaring processes and validating their DAG: every problem is one ConfigError naming it."""

from __future__ import annotations

import pytest

from graphbuilder.core.errors import ConfigError
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.pipeline.processes.builtin import FAMILIES
from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.model import (
    AppliesTo,
    Condition,
    FactType,
    Implementation,
    Process,
)
from graphbuilder.pipeline.processes.registry import process_dag

FACTS = [FactType(name, f"{name} facts") for name in ("A", "B", "C", "D")]
SOURCES = frozenset({"Report"})


def step(name: str, outputs: tuple[str, ...], inputs: tuple[str, ...] = ("Report",),
         **extra: object) -> Process:  # fmt: skip
    return Process(
        name=name,
        version="1",
        purpose=f"makes {', '.join(outputs)}",
        scope=extra.pop("scope", "report"),  # type: ignore[arg-type]
        outputs=outputs,
        implementation=Implementation("computation", "tests.pipeline.toy:noop"),
        inputs=inputs,
        **extra,  # type: ignore[arg-type]
    )


def build(*processes: Process) -> ProcessDag:
    return ProcessDag.build(processes, FACTS, SOURCES)


def test_processes_run_after_what_they_read() -> None:
    dag = build(
        step("last", ("D",), ("B", "C"), scope="patient"),
        step("first", ("A",)),
        step("middle", ("B",), ("A",)),
        step("other", ("C",), ("A",)),
    )
    assert [p.name for p in dag.order] == ["first", "middle", "other", "last"]
    assert dag.descendants("first") == {"middle", "other", "last"}
    assert [p.name for p in dag.upstream("last")] == ["middle", "other"]


def test_a_cycle_is_named() -> None:
    with pytest.raises(ConfigError, match=r"processes form a cycle: (a → b → a|b → a → b)"):
        build(step("a", ("A",), ("B",)), step("b", ("B",), ("A",)))


def test_a_missing_dependency_is_named() -> None:
    with pytest.raises(ConfigError, match="process 'b' depends on 'ghost', which is not declared"):
        build(step("a", ("A",)), step("b", ("B",), depends_on=("ghost",)))


def test_an_input_nobody_produces_is_named() -> None:
    with pytest.raises(ConfigError, match="process 'b' reads 'C', which no process produces"):
        build(step("a", ("A",)), step("b", ("B",), ("A", "C")))


def test_two_processes_claiming_one_output_are_named() -> None:
    with pytest.raises(ConfigError, match="'A' is claimed by both 'one' and 'two'"):
        build(step("one", ("A",)), step("two", ("A",)))


def test_an_undeclared_fact_type_and_a_duplicate_name_are_named() -> None:
    with pytest.raises(ConfigError, match="outputs 'Z', which is no declared fact type"):
        build(step("a", ("Z",)))
    with pytest.raises(ConfigError, match="two processes are named 'a'"):
        build(step("a", ("A",)), step("a", ("B",)))


def test_a_report_process_cannot_read_a_patient_process() -> None:
    with pytest.raises(ConfigError, match="report-scope process 'b' cannot read patient-scope 'a'"):
        build(step("a", ("A",), scope="patient"), step("b", ("B",), ("A",)))


def test_a_condition_reading_an_undeclared_process_is_a_missing_dependency() -> None:
    follow_up = Condition("classified as follow-ups", lambda view: True, reads=("classifier",))
    with pytest.raises(ConfigError, match="depends on 'classifier', which is not declared"):
        build(step("b", ("B",), applies_to=AppliesTo(frozenset({ReportKind.RADIOLOGY}), follow_up)))


def test_every_problem_is_in_the_one_error() -> None:
    with pytest.raises(ConfigError) as raised:
        build(step("one", ("A",)), step("two", ("A",), ("C",)))
    message = str(raised.value)
    assert "claimed by both 'one' and 'two'" in message and "reads 'C'" in message
    assert message.startswith("the process DAG is invalid: ")


@pytest.mark.parametrize("family", FAMILIES)
def test_the_built_in_dag_is_valid_for_every_extraction_family(family: str) -> None:
    dag = process_dag(family)  # type: ignore[arg-type]
    names = [p.name for p in dag.order]
    assert names.index("radiology_lesions") < names.index("assembly") < names.index("recist")
    assert names.index("recist") < names.index("conflicts") < names.index("curation")
    assert dag.descendants("recist") == {"conflicts", "curation"}
    assert dag.producer_of("StatedEvolution") == "radiology_evolution"
