"""Patching a patient in the store rewrites only the rows that changed, and leaves exactly the
graph a fresh load of the new input gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from graphbuilder.assemble import assemble_patient
from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.store.base import LoadStats
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.patch import graph_patch
from graphbuilder.store.sync import StoredDigests, sync_patients
from tests.store.test_embedded import RUN
from tests.support.patients import breast_patient, colorectal_patient
from tests.support.store_contents import store_contents


def first_ct_only() -> PatientGraph:
    return assemble_patient(colorectal_patient(with_second_ct=False))


def both_cts() -> PatientGraph:
    return assemble_patient(colorectal_patient())


def written(stats: LoadStats, graphs: list[PatientGraph]) -> dict[str, StoredDigests]:
    """What a build remembers of a load: each patient's hash and row digests."""
    return {
        g.patient_id: StoredDigests(
            g.nodes["Patient"][g.patient_id]["content_hash"], stats.digests[g.patient_id]
        )
        for g in graphs
    }


def fresh_contents(folder: Path, graphs: list[PatientGraph]) -> dict[str, list[tuple]]:
    with EmbeddedStore(folder) as store:
        sync_patients(store, graphs, [RUN])
        return store_contents(store)


@pytest.mark.parametrize(
    ("old", "new"), [(first_ct_only, both_cts), (both_cts, first_ct_only)], ids=["added", "removed"]
)
def test_a_ct_added_or_removed_rewrites_its_rows_only_and_gives_the_fresh_graph(
    tmp_path: Path, old: Callable[[], PatientGraph], new: Callable[[], PatientGraph]
) -> None:
    before = [old(), assemble_patient(breast_patient())]
    with EmbeddedStore(tmp_path / "patched") as store:
        first = sync_patients(store, before, [RUN])
        after = [new(), assemble_patient(breast_patient())]
        stats = sync_patients(store, after, [RUN], previous=written(first, before))
        patched = store_contents(store)
    assert patched == fresh_contents(tmp_path / "fresh", after)
    assert (stats.patients_written, stats.patients_unchanged) == (1, 1)
    assert 0 < stats.nodes_written < after[0].node_count()
    # removing a CT only deletes edges; adding one writes its own
    assert stats.relationships_written < after[0].relationship_count()


def test_the_patch_names_the_new_rows_and_the_changed_ones() -> None:
    before, after = first_ct_only(), both_cts()
    for graph in (before, after):  # the hashes a load stamps
        graph.nodes["Patient"]["P1"]["content_hash"] = graph.content_hash()
    patch = graph_patch([(after, before.row_digests(), after.row_digests())])
    written_reports = patch.frames.nodes["Report"]["report_id"].to_list()
    assert written_reports == ["CT2"]  # the new CT; the first one stays as it was
    assert patch.delete_nodes.get("Report") is None
    # the lesion's last sighting moved: it is updated in place, its old measurement edge kept
    assert patch.delete_nodes == {}
    [lesion] = patch.updates["Lesion"]["id"].to_list()
    assert "Lesion" not in patch.frames.nodes
    edges = patch.frames.relationships[("HAS_MEASUREMENT", "Lesion", "Measurement")]
    assert edges.height == 1 and set(edges["from"]) == {lesion}  # the new measurement's
    assert "Patient" not in patch.frames.nodes  # only its hash changed: it is set, last
    assert patch.content_hashes == {"P1": after.nodes["Patient"]["P1"]["content_hash"]}


def test_digests_of_another_graph_than_the_stored_one_replace_the_patient_whole(
    tmp_path: Path,
) -> None:
    """A build interrupted in the middle of a patch leaves the patient's hash blank: its
    digests no longer describe the store, so the next load replaces the patient whole."""
    before = [first_ct_only()]
    with EmbeddedStore(tmp_path / "store") as store:
        first = sync_patients(store, before, [RUN])
        store.query("MATCH (p:Patient {id: 'P1'}) SET p.content_hash = ''")
        store.query("MATCH (l:Lesion) DETACH DELETE l")  # half of a patch
        after = [both_cts()]
        stats = sync_patients(store, after, [RUN], previous=written(first, before))
        contents = store_contents(store)
    assert contents == fresh_contents(tmp_path / "fresh", after)
    assert stats.nodes_written == after[0].node_count()


def test_changed_properties_are_set_in_place_whatever_their_type(tmp_path: Path) -> None:
    """A date moved, a value gone to null, a number changed: the node keeps its edges and
    holds the new values, as a fresh load would."""
    before = both_cts()
    after = both_cts()
    [ct1] = [row for row in after.nodes["Report"].values() if row["report_id"] == "CT1"]
    ct1["date"] = dt.date(2024, 1, 11)  # `date` is also a Cypher function's name
    measurement = next(iter(after.nodes["Measurement"].values()))
    measurement["long_axis_mm"], measurement["link_basis"] = 31.5, None
    with EmbeddedStore(tmp_path / "patched") as store:
        first = sync_patients(store, [before], [RUN])
        stats = sync_patients(store, [after], [RUN], previous=written(first, [before]))
        patched = store_contents(store)
    assert patched == fresh_contents(tmp_path / "fresh", [after])
    assert (stats.nodes_written, stats.relationships_written) == (2, 0)


def test_a_patient_whose_rows_mostly_changed_is_replaced_whole(tmp_path: Path) -> None:
    """Digests that no longer match any row (a new digest format, a process restamping
    every row) would make a patch of every row: the patient is replaced in bulk instead."""
    before, after = [first_ct_only()], [both_cts()]
    with EmbeddedStore(tmp_path / "store") as store:
        first = sync_patients(store, before, [RUN])
        remembered = written(first, before)["P1"]
        other_format = dict.fromkeys(remembered.digests, b"\x00" * 8)
        previous = {"P1": StoredDigests(remembered.content_hash, other_format)}
        stats = sync_patients(store, after, [RUN], previous=previous)
        contents = store_contents(store)
    assert contents == fresh_contents(tmp_path / "fresh", after)
    assert stats.nodes_written == after[0].node_count()
