"""Prompts are versioned files: rendered in full as checked in, with honest few-shot examples.

- Each task's prompt, rendered for a fixed synthetic report, equals the checked-in rendering in
  tests/fixtures/prompts/ (regenerate with `.venv/bin/python -m tests.test_prompts` after adding a
  prompt version; a released prompt is never edited).
- Every few-shot answer is a valid answer, and every quote in it occurs in its example's text.
- The shared instruction is byte-identical across reports and the report comes last.
- prompts/released.json pins the hash of every released prompt.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuilder.extract.backends.llm.convert import convert_answer
from graphbuilder.extract.backends.llm.grounding import Grounder
from graphbuilder.extract.backends.llm.prompts import default_prompts_dir, load_prompt
from graphbuilder.extract.backends.llm.tasks import TASKS, Task

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "fixtures" / "prompts"
RELEASED = default_prompts_dir() / "released.json"
SAMPLE_REPORTS = {
    "radiology": (
        "Scanner thoraco-abdomino-pelvien du 04/06/2024, comparé au scanner du 02/03/2024.\n"
        "Lésion hépatique du segment VII de 18 mm (cible), contre 24 mm.\n"
        "Pas de nouvelle lésion. Au total : réponse partielle."
    ),
    "pathology": (
        "Biopsies du sein gauche. Carcinome infiltrant de type non spécifique, grade SBR III.\n"
        "RE 0 %, RP 0 %, HER2 score 3+. Ki-67 : 60 %."
    ),
    "clinical": (
        "RCP du 12/09/2024. Carcinome bronchique non à petites cellules du lobe supérieur droit.\n"
        "Proposition : immunothérapie par pembrolizumab, première cure le 20/09/2024."
    ),
}


def sample_report(task: Task) -> str:
    if task.name.startswith("radiology"):
        return SAMPLE_REPORTS["radiology"]
    return SAMPLE_REPORTS["pathology" if task.name == "pathology" else "clinical"]


def quotes(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["quote"]] if "quote" in node else []
        return found + [q for key, value in node.items() if key != "quote" for q in quotes(value)]
    if isinstance(node, list):
        return [q for item in node for q in quotes(item)]
    return []


@pytest.mark.parametrize("task", TASKS, ids=lambda task: task.prompt_id)
def test_the_rendered_prompt_is_the_checked_in_one(task: Task) -> None:
    expected = (EXPECTED / f"{task.prompt_id}.txt").read_text(encoding="utf-8")
    assert task.prompt().render(sample_report(task)).text == expected, (
        f"{task.prompt_id} renders differently from tests/fixtures/prompts/: a released prompt "
        "is never edited — add a new version (then: .venv/bin/python -m tests.test_prompts)"
    )


@pytest.mark.parametrize("task", TASKS, ids=lambda task: task.prompt_id)
def test_every_few_shot_answer_is_valid_and_quotes_its_example(task: Task) -> None:
    prompt = task.prompt()
    assert len(prompt.examples) >= 2
    for number, example in enumerate(prompt.examples, start=1):
        answer = task.answer.model_validate(example.answer)
        for quote in quotes(example.answer):
            assert quote in example.text, f"example {number}: {quote!r} is not in its text"
        conversion = convert_answer(answer, Grounder(example.text))
        assert conversion.ungrounded == [] and conversion.dropped == [], f"example {number}"
        assert example.answer_json in prompt.instruction


@pytest.mark.parametrize("task", TASKS, ids=lambda task: task.prompt_id)
def test_the_instruction_is_shared_and_the_report_comes_last(task: Task) -> None:
    prompt = task.prompt()
    first, second = prompt.render("Compte rendu A."), prompt.render("Compte rendu B, plus long.")
    assert first.instruction == second.instruction == prompt.instruction
    assert "Compte rendu A." not in prompt.instruction
    assert first.text.startswith(prompt.instruction)
    assert first.report.index("Compte rendu A.") > 0
    assert first.text.endswith("Réponse :")


def test_the_few_shot_classes_include_the_hospital_conventions() -> None:
    [evolution] = [task for task in TASKS if task.name == "radiology_evolution"]
    examples = {
        example.answer["stated_evolution"]["value"]: example.answer["stated_evolution"]["quote"]
        for example in evolution.prompt().examples
    }
    assert examples["Stability"] == "Au total : SD"
    assert examples["Not-a-follow-up"] == "Bilan initial"
    assert set(examples) == {"Progression", "Stability", "Response", "Unknown", "Not-a-follow-up"}


def test_every_prompt_on_disk_is_released_and_unchanged() -> None:
    released = json.loads(RELEASED.read_text(encoding="utf-8"))
    on_disk = {
        path.name.removesuffix(".jinja"): path
        for path in default_prompts_dir().glob("*/*.v*.jinja")
    }
    assert set(on_disk) == set(released), "add new prompt versions to prompts/released.json"
    for prompt_id in on_disk:
        task, version = prompt_id.rsplit(".v", 1)
        assert load_prompt(task, int(version)).sha256 == released[prompt_id], (
            f"{prompt_id} was edited after its release: restore it and add a new version"
        )
    assert {task.prompt_id for task in TASKS} <= set(released)


if __name__ == "__main__":  # write the expected renderings (for a new prompt version)
    EXPECTED.mkdir(parents=True, exist_ok=True)
    for task in TASKS:
        path = EXPECTED / f"{task.prompt_id}.txt"
        path.write_text(task.prompt().render(sample_report(task)).text, encoding="utf-8")
        print(path)
