"""The child's profile: a problem is said beside its field and nothing typed is lost; a refused
save never leaves an edit to undo."""
from datetime import date

from PySide6.QtWidgets import QMessageBox

from chronology.model import ChildDetails
from ui.child_editor import ChildEditor


def filled(qtbot, **overrides) -> ChildEditor:
    editor = ChildEditor(["Hughes"], ref_holder=overrides.pop("ref_holder", None))
    qtbot.addWidget(editor)
    editor.ref.setText(overrides.get("ref", "R1"))
    editor.name.setText(overrides.get("name", "Ava Hughes"))
    editor.dob.edit.setText(overrides.get("dob", "02/05/2014"))
    return editor


def test_a_reference_in_use_is_said_beside_the_field_and_the_form_is_kept(qtbot):
    editor = filled(qtbot, ref="A1", ref_holder=lambda ref: "Leo Hughes" if ref.casefold() == "a1" else None)
    editor.ethnicity.setEditText("White British")
    editor.accept()
    assert editor.result() != 1
    assert editor.problems["ref"].isVisibleTo(editor) and "Leo Hughes already has the reference 'A1'" in \
        editor.problems["ref"].text()
    assert editor.name.text() == "Ava Hughes" and editor.ethnicity.currentText() == "White British"
    editor.ref.setText("A3")
    assert not editor.problems["ref"].isVisibleTo(editor)
    editor.accept()
    assert editor.result() == 1 and editor.result_details.ref == "A3"


def test_a_picker_keeps_only_a_listed_or_a_whole_answer(qtbot):
    editor = filled(qtbot)
    editor.gender.setEditText("Fem")
    editor.accept()
    assert editor.result() != 1 and "'Fem' is the start of 'Female'" in editor.problems["gender"].text()
    editor.gender.setEditText("Female")
    editor.accept()
    assert editor.result_details.gender == "Female"
    other = filled(qtbot)
    other.gender.setEditText("Agender")  # a whole answer of the child's own
    other.ethnicity.setEditText("White")
    other.accept()
    assert other.result() != 1 and "'White' is the start of" in other.problems["ethnicity"].text()
    other.ethnicity.setEditText("Cornish")
    other.accept()
    assert (other.result_details.gender, other.result_details.ethnicity) == ("Agender", "Cornish")


def test_the_date_of_birth_shows_its_reading(qtbot):
    editor = filled(qtbot, dob="2/5/14")
    assert editor.dob.reading.text() == "Reads as: 2 May 2014 ('14' taken as 2014: read as a year that has been)"
    editor.dob.edit.setText("May 2014")
    assert "whole day" in editor.dob.reading.text()
    editor.unborn.setChecked(True)
    editor.dob.edit.setText("14/2/27")
    assert "2027" in editor.dob.reading.text()


def test_adding_a_child_whose_reference_is_taken_enters_no_undo_history(qtbot, workspace, store, siblings,
                                                                        monkeypatch):
    """Refused by the store (as if another window had taken the reference meanwhile): the editor comes
    back with the typing and the problem beside the reference; no 'Undo add …' is left behind."""
    typed = ChildDetails(ref="a1", name="Mia Hughes", dob=date(2019, 1, 1), family="Hughes")
    offered = []

    def editor(cls, *args, draft=None, problem="", problem_field="", ref_holder=None, **kwargs):
        offered.append((draft, problem, problem_field))
        return typed if len(offered) == 1 else None
    monkeypatch.setattr(ChildEditor, "get_details", classmethod(editor))
    said = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: said.append(a)))
    workspace.ui_actions.new_child.trigger()
    assert offered[1] == (typed, "Ava Hughes already has the reference 'a1'. Check the record number: each "
                                 "child's is their own.", "ref")
    assert workspace.undo_stack.count() == 0 and not workspace.ui_actions.undo.isEnabled()
    assert said == []  # said beside the field, not in a message box
    assert [c.name for c in store.children()] == ["Ava Hughes", "Leo Hughes"]


def test_editing_a_profile_to_a_reference_in_use_is_refused_the_same_way(qtbot, workspace, store, siblings,
                                                                        monkeypatch):
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[1])
    leo = store.child(siblings[1]).details
    offered = []

    def editor(cls, families, existing, parent, draft, problem, problem_field, ref_holder):
        offered.append((problem_field, ref_holder(existing.ref), ref_holder("A1")))
        return None
    monkeypatch.setattr(ChildEditor, "get_details", classmethod(editor))
    workspace.ui_actions.edit_child.trigger()
    assert offered == [("", None, "Ava Hughes")]  # the child's own reference is not "in use"
    assert store.child(siblings[1]).details == leo


def test_a_birth_ahead_is_advised_as_a_birth_not_a_planned_event(qtbot):
    editor = filled(qtbot, dob="01/01/2100")
    assert "expected date of birth" in editor.dob.reading.text()
    assert "planned" not in editor.dob.reading.text()
