"""The processes as a DAG (networkx), validated once, in a stable dependency order.

Edges run from a process to the processes that read its outputs (or name it in `depends_on` or
in their applies-to condition). Validation collects every problem — a process declared twice,
a dependency on an undeclared process, an input no process produces, an output two processes
claim, an output of no declared fact type, a report-scope process reading a patient-scope
one, a cycle — and raises one `ConfigError` that names them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property

import networkx as nx

from graphbuilder.core.errors import ConfigError
from graphbuilder.pipeline.processes.facts import BUILTIN_FACT_TYPES, SOURCE_NAMES
from graphbuilder.pipeline.processes.model import FactType, Process


class ProcessDag:
    """Validated processes (see the module docstring); build with `ProcessDag.build`."""

    def __init__(
        self,
        processes: Sequence[Process],
        fact_types: Sequence[FactType],
        graph: nx.DiGraph,
    ) -> None:
        self._declared = {process.name: process for process in processes}
        self.fact_types = {fact.name: fact for fact in fact_types}
        self.graph = graph

    @classmethod
    def build(
        cls,
        processes: Sequence[Process],
        fact_types: Iterable[FactType] = BUILTIN_FACT_TYPES,
        sources: frozenset[str] = SOURCE_NAMES,
    ) -> ProcessDag:
        """Validate the declarations; raises one ConfigError listing every problem found."""
        known = _fact_types(fact_types, processes)
        problems = _declaration_problems(processes, known, sources)
        graph = nx.DiGraph()
        graph.add_nodes_from(process.name for process in processes)
        producers = _producers(processes)
        for process in processes:
            for upstream in process.reads_processes():
                if upstream in graph:
                    graph.add_edge(upstream, process.name)
            for fact in process.inputs:
                for producer in producers.get(fact, ()):
                    if producer != process.name:
                        graph.add_edge(producer, process.name)
        if not problems:
            problems += _cycle_problems(graph) + _scope_problems(processes, graph)
        if problems:
            listed = "; ".join(problems)
            raise ConfigError(
                f"the process DAG is invalid: {listed} — fix the process declarations "
                "(built-in or plugins) and run `graphbuilder dag` to check"
            )
        return cls(processes, list(known.values()), graph)

    @cached_property
    def order(self) -> tuple[Process, ...]:
        """Every process after those it depends on; ties in declaration order."""
        position = {name: index for index, name in enumerate(self._declared)}
        names = nx.lexicographical_topological_sort(self.graph, key=position.__getitem__)
        return tuple(self._declared[name] for name in names)

    def process(self, name: str) -> Process:
        return self._declared[name]

    def __contains__(self, name: object) -> bool:
        return name in self._declared

    def upstream(self, name: str) -> tuple[Process, ...]:
        """The processes `name` reads directly, in execution order."""
        direct = set(self.graph.predecessors(name))
        return tuple(process for process in self.order if process.name in direct)

    def descendants(self, name: str) -> frozenset[str]:
        return frozenset(nx.descendants(self.graph, name))

    def producer_of(self, fact_type: str) -> str | None:
        for process in self.order:
            if fact_type in process.outputs:
                return process.name
        return None

    def report_processes(self) -> tuple[Process, ...]:
        return tuple(process for process in self.order if process.scope == "report")

    def patient_processes(self) -> tuple[Process, ...]:
        return tuple(process for process in self.order if process.scope == "patient")


def _fact_types(
    fact_types: Iterable[FactType], processes: Sequence[Process]
) -> dict[str, FactType]:
    known = {fact.name: fact for fact in fact_types}
    for process in processes:
        for fact in process.fact_types:
            known.setdefault(fact.name, fact)
    return known


def _producers(processes: Sequence[Process]) -> dict[str, list[str]]:
    producers: dict[str, list[str]] = {}
    for process in processes:
        for fact in process.outputs:
            producers.setdefault(fact, []).append(process.name)
    return producers


def _declaration_problems(
    processes: Sequence[Process], known: dict[str, FactType], sources: frozenset[str]
) -> list[str]:
    problems: list[str] = []
    names = [process.name for process in processes]
    for name in sorted({name for name in names if names.count(name) > 1}):
        problems.append(f"two processes are named {name!r}")
    declared = set(names)
    producers = _producers(processes)
    for process in processes:
        for upstream in process.reads_processes():
            if upstream not in declared:
                problems.append(
                    f"process {process.name!r} depends on {upstream!r}, which is not declared"
                )
        for fact in process.inputs:
            if fact not in producers and fact not in sources:
                problems.append(
                    f"process {process.name!r} reads {fact!r}, which no process produces"
                )
        for fact in process.outputs:
            if fact not in known:
                problems.append(
                    f"process {process.name!r} outputs {fact!r}, which is no declared fact type"
                )
    for fact, claimants in sorted(producers.items()):
        if fact in sources:
            problems.append(f"{fact!r} comes from the input, yet {claimants[0]!r} claims it")
        elif len(claimants) > 1:
            listed = " and ".join(repr(name) for name in claimants)
            problems.append(f"{fact!r} is claimed by both {listed}")
    return problems


def _cycle_problems(graph: nx.DiGraph) -> list[str]:
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return []
    path = " → ".join([edge[0] for edge in cycle] + [cycle[0][0]])
    return [f"processes form a cycle: {path}"]


def _scope_problems(processes: Sequence[Process], graph: nx.DiGraph) -> list[str]:
    scope = {process.name: process.scope for process in processes}
    return [
        f"report-scope process {target!r} cannot read patient-scope {source!r}"
        for source, target in graph.edges
        if scope[target] == "report" and scope[source] == "patient"
    ]
