"""The DAG as a picture: Mermaid text, and an SVG drawn from a simple layered layout.

Nodes are the input sources (the corpus, the events file, the curation log) and the processes;
an edge says that a process reads what the other produces, labelled with the fact types that
flow. The SVG needs no Graphviz: each node sits in the column of its longest path from a
source, nodes of a column in DAG order, edges are curves between the columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape

import networkx as nx

from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.facts import SOURCE_FACT_TYPES, SOURCE_NAMES
from graphbuilder.pipeline.processes.model import Process

_SOURCE_TEXT = {
    "Report": "reports (corpus)",
    "StructuredEvent": "structured events",
    "CurationDecision": "curation log",
}
_BOX_WIDTH, _BOX_HEIGHT, _COLUMN_GAP, _ROW_GAP, _MARGIN = 190, 46, 90, 22, 20


def flow_graph(dag: ProcessDag) -> nx.DiGraph:
    """Sources and processes, edges labelled with the fact types each reads from the other."""
    graph = nx.DiGraph()
    for source in (fact.name for fact in SOURCE_FACT_TYPES):
        if any(source in process.inputs for process in dag.order):
            graph.add_node(source, kind="source")
    for process in dag.order:
        graph.add_node(process.name, kind=process.scope)
    for process in dag.order:
        for fact in process.inputs:
            producer = fact if fact in SOURCE_NAMES else dag.producer_of(fact)
            if producer is not None:
                _add_label(graph, producer, process.name, fact)
        for upstream in process.reads_processes():
            if not graph.has_edge(upstream, process.name):
                graph.add_edge(upstream, process.name, facts=[])
    return graph


def _add_label(graph: nx.DiGraph, source: str, target: str, fact: str) -> None:
    if not graph.has_edge(source, target):
        graph.add_edge(source, target, facts=[])
    if fact not in SOURCE_NAMES:
        graph.edges[source, target]["facts"].append(fact)


def _node_text(dag: ProcessDag, name: str) -> tuple[str, str]:
    if name not in dag:
        return _SOURCE_TEXT.get(name, name), "input"
    process: Process = dag.process(name)
    return f"{name} v{process.version}", f"{process.scope} · {process.implementation.kind}"


def mermaid(dag: ProcessDag) -> str:
    """Mermaid flowchart text (GitHub and most Markdown viewers draw it)."""
    graph = flow_graph(dag)
    lines = ["flowchart LR"]
    for name, data in graph.nodes(data=True):
        title, subtitle = _node_text(dag, name)
        text = f"{title}<br/><small>{subtitle}</small>"
        shape = f'(["{text}"])' if data["kind"] == "source" else f'["{text}"]'
        lines.append(f"    {name}{shape}:::{data['kind']}")
    for source, target, data in graph.edges(data=True):
        label = ", ".join(data["facts"])
        arrow = f"-->|{label}|" if label else "-->"
        lines.append(f"    {source} {arrow} {target}")
    lines += [
        "    classDef source fill:#eef,stroke:#557",
        "    classDef report fill:#efe,stroke:#575",
        "    classDef patient fill:#fee,stroke:#755",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Placed:
    x: float
    y: float


def _layout(graph: nx.DiGraph) -> dict[str, _Placed]:
    order = {name: index for index, name in enumerate(graph.nodes)}
    column: dict[str, int] = {}
    for name in nx.lexicographical_topological_sort(graph, key=order.__getitem__):
        column[name] = max((column[p] + 1 for p in graph.predecessors(name)), default=0)
    rows: defaultdict[int, list[str]] = defaultdict(list)
    for name in graph.nodes:
        rows[column[name]].append(name)
    tallest = max(len(names) for names in rows.values())
    placed = {}
    for index, names in rows.items():
        offset = (tallest - len(names)) * (_BOX_HEIGHT + _ROW_GAP) / 2
        for row, name in enumerate(names):
            placed[name] = _Placed(
                _MARGIN + index * (_BOX_WIDTH + _COLUMN_GAP),
                _MARGIN + offset + row * (_BOX_HEIGHT + _ROW_GAP),
            )
    return placed


_FILL = {"source": "#eeeeff", "report": "#eeffee", "patient": "#ffeeee"}


def svg(dag: ProcessDag) -> str:
    """A standalone SVG image of the DAG (layered layout, no external tool)."""
    graph = flow_graph(dag)
    placed = _layout(graph)
    width = max(p.x for p in placed.values()) + _BOX_WIDTH + _MARGIN
    height = max(p.y for p in placed.values()) + _BOX_HEIGHT + _MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#555"/></marker></defs>',
    ]
    for source, target, data in graph.edges(data=True):
        a, b = placed[source], placed[target]
        x1, y1 = a.x + _BOX_WIDTH, a.y + _BOX_HEIGHT / 2
        x2, y2 = b.x, b.y + _BOX_HEIGHT / 2
        bend = (x2 - x1) / 2
        title = escape(", ".join(data["facts"]))
        parts.append(
            f'<path d="M {x1:.1f} {y1:.1f} C {x1 + bend:.1f} {y1:.1f} {x2 - bend:.1f} {y2:.1f} '
            f'{x2:.1f} {y2:.1f}" fill="none" stroke="#777" marker-end="url(#arrow)">'
            f"<title>{title}</title></path>"
        )
    for name, data in graph.nodes(data=True):
        spot, (title, subtitle) = placed[name], _node_text(dag, name)
        parts.append(
            f'<g><rect x="{spot.x:.1f}" y="{spot.y:.1f}" width="{_BOX_WIDTH}" '
            f'height="{_BOX_HEIGHT}" rx="8" fill="{_FILL[data["kind"]]}" stroke="#555"/>'
            f'<text x="{spot.x + _BOX_WIDTH / 2:.1f}" y="{spot.y + 19:.1f}" font-size="13" '
            f'text-anchor="middle">{escape(title)}</text>'
            f'<text x="{spot.x + _BOX_WIDTH / 2:.1f}" y="{spot.y + 36:.1f}" font-size="11" '
            f'fill="#555" text-anchor="middle">{escape(subtitle)}</text></g>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
