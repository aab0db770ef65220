"""The use cases the window and the command line share: each does all of one thing, its audit
record included, and says what changed; a refusal leaves nothing behind."""
import json

import pytest

from chronology import operations
from chronology.db import DatabaseError
from chronology.errors import ChronologyError, DestinationError
from chronology.interchange import read_import
from tests.conftest import make_event


def exports(store):
    return [json.loads(detail) for (detail,) in
            store.db.execute("SELECT detail FROM audit_log WHERE action = 'exported' ORDER BY id")]


def test_an_export_writes_its_file_and_records_itself(store, family, tmp_path):
    store.add_event(make_event([family["A1"]], summary="Seen at home"))
    path = tmp_path / "ava.csv"
    outcome = operations.export_csv_file(store, family["A1"], (family["A1"],), path, replace=False)
    assert outcome.value == 1 and outcome.said == f"Exported 1 event to {path}" and not outcome.changes.any()
    assert "Seen at home" in path.read_text(encoding="utf-8-sig")
    assert exports(store) == [{"format": "csv", "entries": 1}]


@pytest.mark.parametrize("where", ["the caseload", "an existing file"])
def test_an_export_refused_writes_nothing_and_records_nothing(store, family, tmp_path, where):
    path = store.path if where == "the caseload" else tmp_path / "there.csv"
    if where == "an existing file":
        path.write_text("kept", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(DestinationError):
        operations.export_csv_file(store, family["A1"], (family["A1"],), path, replace=False)
    assert path.read_bytes() == before and exports(store) == []


def test_a_printed_document_is_recorded_only_once_its_file_is_written(store, family, tmp_path):
    choices = {"for_family": True}
    with pytest.raises(DestinationError):  # a folder: nothing written, nothing recorded
        operations.save_pdf_file(store, family["A1"], b"%PDF-1.4", tmp_path, 3, choices, replace=True)
    assert exports(store) == []
    outcome = operations.save_pdf_file(store, family["A1"], b"%PDF-1.4", tmp_path / "a.pdf", 3, choices,
                                       replace=False)
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF-1.4" and outcome.value == tmp_path / "a.pdf"
    operations.record_printed(store, family["A1"], 3, choices)
    assert exports(store) == [{"format": "pdf", "entries": 3, "for_family": True},
                              {"format": "print", "entries": 3, "for_family": True}]


def test_the_demo_goes_only_into_an_empty_caseload(store, family):
    with pytest.raises(ChronologyError, match="only be loaded into an empty caseload"):
        operations.load_demo(store)
    assert store.child_count() == len(family)


def test_an_import_saved_says_what_it_saved(store, family, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("child_ref,date,agency,role,event_type,summary\n"
                    "A1,03/02/2019,Police,PC,police_incident,Called to the home\n", encoding="utf-8")
    outcome = operations.save_import(store, read_import(store, path), skip_duplicates=False)
    assert outcome.changes.events and outcome.said.startswith("Imported 1 event from")
    assert store.verify().intact


def test_an_acknowledgement_changes_the_childs_flags(store, family):
    outcome = operations.acknowledge_flag(store, family["A1"], "re_referral:1,2", "re_referral", "Re-referral",
                                          "Discussed in supervision")
    assert family["A1"] in outcome.changes.children


def test_a_backup_says_where_it_went(store, tmp_path):
    outcome = operations.back_up(store, tmp_path / "backups")
    assert outcome.value.exists() and outcome.said == f"Backed up to {outcome.value}"


def test_refusals_are_said_in_one_way_and_faults_are_not_explained(store):
    assert operations.refusal_in_words(DestinationError("The folder X does not exist.")) == \
        "The folder X does not exist."
    assert operations.refusal_in_words(DatabaseError("database or disk is full")).startswith(
        "This was not saved: the disk is full.")
    assert "is damaged" in operations.refusal_in_words(DatabaseError("database disk image is malformed"),
                                                       store.path)
    assert operations.refusal_in_words(KeyError("Ava")) is None
