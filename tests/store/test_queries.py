"""The named-query library: every file's header, parameter binding, and every query run on
both stores with the same rows (the examples and a synthetic corpus)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from graphbuilder.core.errors import ConfigError, InputError, StoreError
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.queries import (
    ENGINES,
    default_query_dir,
    load_library,
    named_query,
    parse_query,
    run_named,
)
from tests.store.neo4j.graphs import EXAMPLES, build_graph, open_store, synthetic_corpus, wipe
from tests.support.neo4j_fixture import Neo4jServer

LIBRARY = load_library()
QUERY_FILES = sorted(default_query_dir().parent.rglob("*.cypher"))
# Parameters that make each query return rows on the test graphs (the others use defaults).
EXAMPLE_PARAMETERS = {"target_progression_within_months": {"months": "12"}}


def test_the_library_has_at_least_ten_documented_queries() -> None:
    assert len(LIBRARY) >= 10
    for query in LIBRARY.values():
        assert "?" in query.question, query.name
        assert query.columns and len(set(query.columns)) == len(query.columns), query.name
        for parameter in query.parameters:
            assert parameter.description, f"{query.name}.{parameter.name}"


def test_every_cypher_file_is_a_named_query_or_one_of_its_variants() -> None:
    used = {q.path for q in LIBRARY.values()} | {
        path for q in LIBRARY.values() for path in q.variants.values()
    }
    assert set(QUERY_FILES) == used


def test_variants_are_declared_and_explained() -> None:
    query = LIBRARY["target_progression_within_months"]
    assert query.variants == {"ladybug": query.path.with_name(f"{query.name}.ladybug.cypher")}
    assert "date arithmetic differs" in query.dialect
    assert "duration(" in query.text("neo4j") and "to_months(" in query.text("ladybug")
    plain = LIBRARY["best_response_per_line"]
    assert plain.variants == {} and plain.text("neo4j") == plain.text("ladybug")


def test_header_parsing(tmp_path: Path) -> None:
    path = tmp_path / "lines_since.cypher"
    path.write_text(
        "// Question: Which lines started on or after a date,\n"
        "//   in one patient?\n"
        "// Parameters:\n"
        "//   since DATE = 2024-01-01  first start date\n"
        "//   patient_id STRING        the patient\n"
        "//   strict BOOLEAN = false   only lines with a baseline\n"
        "// Columns: patient_id,\n"
        "//   line\n"
        "MATCH (l:TreatmentLine) RETURN l.patient_id AS patient_id, l.sequence AS line\n",
        encoding="utf-8",
    )
    query = parse_query(path)
    assert query.question == "Which lines started on or after a date, in one patient?"
    assert query.columns == ("patient_id", "line")
    assert [p.signature() for p in query.parameters] == [
        "since DATE = 2024-01-01",
        "patient_id STRING",
        "strict BOOLEAN = false",
    ]
    assert query.bind({"patient_id": "0042"}) == {
        "since": dt.date(2024, 1, 1),
        "patient_id": "0042",  # typed by the header: an id stays a string
        "strict": False,
    }
    assert query.bind({"patient_id": "P1", "since": "2023-05-02", "strict": "TRUE"})["since"] == (
        dt.date(2023, 5, 2)
    )


def test_binding_errors_name_the_parameter() -> None:
    query = LIBRARY["lesion_size_history"]
    with pytest.raises(ConfigError, match=r"--param patient_id=… is required \(STRING"):
        query.bind({})
    with pytest.raises(ConfigError, match=r"no parameter colour \(it takes: patient_id"):
        query.bind({"patient_id": "P1", "colour": "red"})
    months = LIBRARY["target_progression_within_months"]
    with pytest.raises(ConfigError, match="--param months='six' is not a INT"):
        months.bind({"months": "six"})
    with pytest.raises(InputError, match="no named query 'nope' — `graphbuilder queries`"):
        named_query("nope")


def test_a_header_without_columns_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.cypher").write_text("// Question: Why?\n// Parameters: none\nRETURN 1\n")
    with pytest.raises(StoreError, match=r"bad.cypher: the header lacks `// Columns: …`"):
        load_library(tmp_path)


def test_a_variant_must_say_what_it_varies(tmp_path: Path) -> None:
    header = "// Question: Why?\n// Parameters: none\n// Columns: x\n"
    (tmp_path / "q.cypher").write_text(header + "// Dialect: differs\nRETURN 1 AS x\n")
    (tmp_path / "q.ladybug.cypher").write_text("RETURN 1 AS x\n")
    with pytest.raises(StoreError, match=r"must start with `// Variant of: q.cypher for ladybug"):
        load_library(tmp_path)
    (tmp_path / "q.ladybug.cypher").write_text("// Variant of: q.cypher for ladybug: why\n")
    assert load_library(tmp_path)["q"].variants["ladybug"].name == "q.ladybug.cypher"
    (tmp_path / "q.sqlite.cypher").write_text("// Variant of: q.cypher for sqlite: no\n")
    with pytest.raises(StoreError, match="engines: neo4j, ladybug"):
        load_library(tmp_path)
    assert ENGINES == ("neo4j", "ladybug")


# --------------------------------------------------------------------------- parity
def _normalised(rows: pl.DataFrame) -> list[tuple[object, ...]]:
    """Rows as plain values; floats to 6 decimals (engines may differ in the last bits)."""
    return [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in rows.rows()]


def _patient_with_most_lesions(store: EmbeddedStore) -> str:
    rows = store.query(
        "MATCH (l:Lesion) RETURN l.patient_id AS p, count(*) AS n ORDER BY n DESC, p LIMIT 1"
    )
    return str(rows["p"][0])


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_corpus(tmp_path_factory.mktemp("synthetic"), patients=30)


@pytest.mark.neo4j
@pytest.mark.parametrize("dataset", ["examples", "synthetic"])
def test_every_named_query_returns_the_same_rows_on_both_stores(
    dataset: str,
    synthetic: Path,
    neo4j_server: Neo4jServer,
    tmp_path: Path,
) -> None:
    source = EXAMPLES if dataset == "examples" else synthetic
    extractions = source / "gold.jsonl" if dataset == "examples" else source.parent / "gold.jsonl"
    wipe(neo4j_server)
    build_graph(source, extractions, tmp_path / "embedded")
    build_graph(source, extractions, tmp_path / "neo4j", server=neo4j_server)
    with EmbeddedStore(tmp_path / "embedded", read_only=True) as embedded:
        patient = _patient_with_most_lesions(embedded)
        with open_store(neo4j_server) as neo4j:
            answered = []
            for query in LIBRARY.values():
                given = dict(EXAMPLE_PARAMETERS.get(query.name, {}))
                if any(p.name == "patient_id" for p in query.parameters):
                    given["patient_id"] = patient
                on_embedded = run_named(embedded, query, given)
                on_neo4j = run_named(neo4j, query, given)
                assert tuple(on_embedded.columns) == query.columns, query.name
                assert tuple(on_neo4j.columns) == query.columns, query.name
                assert _normalised(on_neo4j) == _normalised(on_embedded), query.name
                answered += [query.name] if on_neo4j.height else []
    assert len(answered) >= len(LIBRARY) - 1, set(LIBRARY) - set(answered)
