"""Reading answers: truncation, invalid JSON and schema violations are told apart."""

from __future__ import annotations

from graphbuilder.extract.backends.llm.generation import Completion
from graphbuilder.extract.backends.llm.responses import AnswerProblem, parse_answer
from graphbuilder.extract.backends.llm.tasks import TASKS_BY_NAME

EVOLUTION = TASKS_BY_NAME["radiology_evolution"].answer


def test_a_valid_answer_is_the_answer_model() -> None:
    text = '{"stated_evolution":{"quote":"Au total : PD","value":"Progression"}}'
    parsed = parse_answer(Completion(text, "stop"), EVOLUTION)
    assert isinstance(parsed, EVOLUTION)


def test_a_truncated_answer_is_truncated_even_when_it_happens_to_parse() -> None:
    parsed = parse_answer(Completion("{}", "length", completion_tokens=2), EVOLUTION)
    assert parsed == AnswerProblem(
        "truncated", "the answer was cut at 2 tokens (max_tokens or the model's context length)"
    )


def test_invalid_json_names_the_position_not_the_text() -> None:
    parsed = parse_answer(Completion('{"stated_evolution": Progression}', "stop"), EVOLUTION)
    assert str(parsed) == "invalid json: Expecting value at character 21 of 33"


def test_a_schema_violation_names_the_field_and_counts_the_others() -> None:
    text = '{"is_follow_up":{"quote":"x","value":"oui"},"extra":1}'
    parsed = parse_answer(Completion(text, "stop"), EVOLUTION)
    assert str(parsed) == "schema violation: is_follow_up.value: bool_parsing (and 1 more)"


def test_an_unexpected_finish_reason_is_a_problem() -> None:
    parsed = parse_answer(Completion("{}", "abort"), EVOLUTION)
    assert isinstance(parsed, AnswerProblem) and parsed.kind == "unexpected_stop"
