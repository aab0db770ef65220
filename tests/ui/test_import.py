"""Importing from the File menu: off the GUI thread, the result said in the status bar, a refused
file explained with its lines (file dialogs and message boxes monkeypatched)."""
from PySide6.QtWidgets import QFileDialog, QMessageBox

#: The columns of a file from before optional columns were added: what most files name.
HEADER = ("child_ref,date,time,end_date,agency,role,event_type,categories,summary,impact,action,child_voice,"
          "significance,recorded_by,source_ref")


def choose(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def test_an_excel_csv_is_imported_and_said_to_be_windows_1252(qtbot, workspace, store, siblings, tmp_path,
                                                             monkeypatch):
    path = tmp_path / "from-excel.csv"
    path.write_bytes((HEADER + "\r\nA1,14/03/2017,,,School,DSL,other,,Caf\u00e9 trip \u2013 \u00a35 not paid,,,,,,\r\n")
                     .encode("cp1252"))
    choose(monkeypatch, path)
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    workspace.ui_actions.import_csv.trigger()
    status = workspace.window().statusBar()
    qtbot.waitUntil(lambda: "Imported" in status.currentMessage(), timeout=10_000)
    assert status.currentMessage() == f"Imported 1 event from {path} (read as Windows-1252 text)"
    qtbot.waitUntil(lambda: workspace.chronology.model.rowCount() == 1)  # the hub told the table


def test_a_bad_file_is_refused_with_its_lines(qtbot, workspace, store, siblings, tmp_path, monkeypatch):
    from ui.import_problems_dialog import ImportProblemsDialog
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\nA1,31/02/2017,,,School,DSL,other,,x,,,,,,\nZZ,2017,,,School,DSL,other,,y,,,,,,\n",
                    encoding="utf-8")
    choose(monkeypatch, path)
    shown = []
    monkeypatch.setattr(ImportProblemsDialog, "show_problems",
                        classmethod(lambda cls, rejected, parent=None: shown.append(rejected)))
    workspace.ui_actions.import_csv.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    where = {(problem.line, problem.column) for problem in shown[0].problems}
    assert where == {(2, "date"), (3, "child_ref")}
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_an_import_the_disk_refuses_is_explained_in_words(qtbot, workspace, store, siblings, tmp_path,
                                                          monkeypatch):
    path = tmp_path / "good.csv"
    path.write_text(HEADER + "\nA1,2017,,,School,DSL,other,,Seen,,,,,,\n", encoding="utf-8")
    choose(monkeypatch, path)
    said = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: said.append(text)))
    store.path.chmod(0o444)  # the job opens its own connection: read-only, as the file now is
    try:
        workspace.ui_actions.import_csv.trigger()
        qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    finally:
        store.path.chmod(0o644)
    assert said[0].startswith("This was not saved: the file is read-only.")


def test_rows_already_recorded_are_offered_never_doubled(qtbot, workspace, store, siblings, tmp_path, monkeypatch):
    from ui.duplicates_dialog import DuplicatesDialog
    path = tmp_path / "twice.csv"
    path.write_text(HEADER + "\nA1,14/03/2017,,,Police,PC,police_incident,,Shouting heard,,,,,,\n"
                    "A1,15/03/2017,,,Police,PC,police_incident,,Door kicked,,,,,,\n", encoding="utf-8")
    choose(monkeypatch, path)
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    status = workspace.window().statusBar()
    workspace.ui_actions.import_csv.trigger()
    qtbot.waitUntil(lambda: "Imported 2 events" in status.currentMessage(), timeout=10_000)
    offered = []
    for answer, expected in ((None, 2), ("skip", 2), ("keep", 4)):
        monkeypatch.setattr(DuplicatesDialog, "choose", classmethod(
            lambda cls, pending, parent=None, answer=answer: offered.append(len(pending.duplicates)) or answer))
        status.clearMessage()
        workspace.ui_actions.import_csv.trigger()
        qtbot.waitUntil(lambda answer=answer: len(offered) == {None: 1, "skip": 2, "keep": 3}[answer], timeout=10_000)
        if answer is not None:
            qtbot.waitUntil(lambda: "Imported" in status.currentMessage(), timeout=10_000)
        assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == expected
    assert offered == [2, 2, 2]


