"""The DAG as Mermaid text and as an SVG image drawn without Graphviz."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from graphbuilder.cli.main import app
from graphbuilder.pipeline.processes.registry import process_dag
from graphbuilder.pipeline.processes.render import flow_graph, mermaid, svg

SVG = "{http://www.w3.org/2000/svg}"


def test_mermaid_shows_each_process_and_what_flows_between_them() -> None:
    text = mermaid(process_dag())
    assert text.startswith("flowchart LR\n")
    assert 'recist["recist v1<br/><small>patient · computation</small>"]:::patient' in text
    assert "    assembly -->|PatientTimeline| recist" in text
    assert "    radiology_evolution -->|StatedEvolution| report_reading" in text
    assert "    report_reading -->|ReportReading| assembly" in text
    assert "    StructuredEvent --> assembly" in text


def test_the_svg_draws_a_box_per_node_and_a_curve_per_edge() -> None:
    dag = process_dag()
    root = ET.fromstring(svg(dag))
    graph = flow_graph(dag)
    assert len(root.findall(f".//{SVG}rect")) == graph.number_of_nodes()
    assert len(root.findall(f".//{SVG}path")) == graph.number_of_edges() + 1  # + arrow head
    titles = {text.text for text in root.iter(f"{SVG}text")}
    assert {"recist v1", "reports (corpus)", "curation log"} <= titles


def test_the_dag_command_prints_mermaid_and_writes_the_svg(tmp_path: Path) -> None:
    image = tmp_path / "dag.svg"
    result = CliRunner().invoke(app, ["dag", "--svg", str(image)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("flowchart LR") and image.read_text().startswith("<svg")
    llm = CliRunner().invoke(app, ["dag", "--family", "llm"])
    assert "radiology_lesions v1<br/><small>report · llm</small>" in llm.stdout
