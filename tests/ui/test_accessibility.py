"""Accessibility: every control of the main window and of each dialog has a name a screen reader
can say (its own, its label's, or its text), and everything can be reached from the keyboard —
Tab goes through every control that takes input, in the main window and in each dialog."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QWidget,
)

from chronology.returns.receive import MappingNeeded
from chronology.rules import RuleContext
from tests.conftest import make_event
from ui.jobs import wait_for_jobs

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QTextEdit)


def controls(top: QWidget) -> list[QWidget]:
    """The controls a worker uses: Qt's own parts of them (a table's header, its corner button, the
    line edit inside a spin box or an editable picker) are said through their owner."""
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView) or not widget.isVisible():
            continue
        if widget.objectName().startswith("qt_") or isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue
        found.append(widget)
    return found


def unnamed(top: QWidget) -> list[str]:
    missing = []
    for widget in controls(top):
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Name).strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return missing


def undescribed(top: QWidget) -> list[str]:
    """Controls with no description for a screen reader to read after the name (nor a tooltip, which
    it reads as one). A push button's words are its description."""
    missing = []
    for widget in controls(top):
        if isinstance(widget, (QPushButton, QToolButton)):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Description).strip():
            missing.append(f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r}")
    return missing


def unreachable(qtbot, top: QWidget) -> list[str]:
    """The input controls Tab never reaches, starting from the first and going round once, and the
    tables that keep Tab inside them (moving from cell to cell: empty here, it would trap a worker
    there once rows were in it)."""
    trapping = [f"{type(w).__name__} {w.accessibleName()!r} keeps Tab inside it" for w in controls(top)
                if isinstance(w, QAbstractItemView) and w.tabKeyNavigation()]
    inputs = [w for w in controls(top) if w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    if not inputs:
        return trapping
    top.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top.window(), timeout=3000)
    inputs[0].setFocus(Qt.FocusReason.TabFocusReason)
    reached = set()
    for _ in range(len(top.findChildren(QWidget)) + 5):
        focused = QApplication.focusWidget()
        if focused is not None:
            reached.add(id(focused))
            owner = focused.parent()  # the line edit inside a picker stands for the picker
            if owner is not None:
                reached.add(id(owner))
        qtbot.keyClick(focused or top, Qt.Key.Key_Tab)
    return trapping + [f"{type(w).__name__} {w.accessibleName() or w.objectName()!r}" for w in inputs
                       if id(w) not in reached
                       and not isinstance(w, QAbstractButton)]  # buttons are reached by their mnemonics and Enter


def shown(qtbot, workspace, child_id: int) -> None:
    """The workspace as a worker sees it with a child chosen: the caseload and the chronology on
    screen (children added behind its back are announced, as the app's operations do)."""
    from chronology.model import Changes
    workspace.hub.announce(Changes(caseload=True))
    workspace.caseload.select_child(child_id)
    qtbot.waitUntil(lambda: workspace.chronology.model.rowCount() == 1, timeout=10_000)
    assert workspace.chronology.search.isVisible() and workspace.caseload.tree.isVisible()


@pytest.fixture
def worked(store, siblings):
    store.add_event(make_event([siblings[0]], "14/03/2017"))
    return siblings


def test_the_main_window_names_every_control_and_tab_reaches_them(qtbot, workspace, worked):
    shown(qtbot, workspace, worked[0])
    window = workspace.window()
    assert unnamed(window) == [] and undescribed(window) == []
    assert unreachable(qtbot, window) == []
    workspace.chronology.views.setCurrentIndex(1)  # the timeline, with its own controls
    assert workspace.chronology.timeline.isVisible()
    assert unnamed(window) == [] and undescribed(window) == []
    assert unreachable(qtbot, window) == []


def dialogs(store, siblings, tmp_path, settings):
    """Every dialog, as a worker meets it."""
    from PySide6.QtGui import QUndoStack

    from chronology.interchange import ImportRejected, Problem, read_import
    from tests.ui.test_import import HEADER
    from ui.actions import Actions
    from ui.analysis_dialog import AnalysisDialog
    from ui.change_passphrase_dialog import ChangePassphraseDialog
    from ui.child_editor import ChildEditor
    from ui.column_mapping_dialog import ColumnMappingDialog
    from ui.duplicates_dialog import DuplicatesDialog
    from ui.event_editor import EventEditor
    from ui.export_dialog import ExportDialog
    from ui.first_start_dialog import FirstStartDialog
    from ui.history_dialog import HistoryDialog
    from ui.import_problems_dialog import ImportProblemsDialog
    from ui.overview_dialog import OverviewDialog
    from ui.passphrase_dialog import PassphraseDialog
    from ui.reason_dialog import ReasonDialog
    from ui.restore_dialog import RestoreDialog
    from ui.return_receive_dialog import ReturnReceiveDialog
    from ui.return_request_dialog import ReturnRequestDialog
    from ui.returns_dialog import ReturnsDialog
    from ui.rule_settings_dialog import RuleSettingsDialog
    from ui.same_happening_dialog import SameHappeningDialog
    from ui.settings_dialog import SettingsDialog
    from ui.shortcuts_dialog import ShortcutsDialog
    from ui.user_guide_dialog import UserGuideDialog
    ava, leo = store.child(siblings[0]), store.child(siblings[1])
    event_id, _ = store.add_event(make_event([ava.id], "14/03/2017"))
    context = RuleContext.load()
    defaults = context.settings
    holder = QWidget()
    twice = tmp_path / "twice.csv"
    twice.write_text(HEADER + "\nA1,14/03/2017,,,Police,PC,police_incident,,Shouting,,,,,,\n" * 2, encoding="utf-8")
    return {
        "event editor": lambda: EventEditor(store, ava, [leo]),
        "child editor": lambda: ChildEditor(["Hughes"]),
        "analysis": lambda: AnalysisDialog(ava.name, None, 0),
        "change passphrase": lambda: ChangePassphraseDialog("the current passphrase"),
        "passphrase": lambda: PassphraseDialog(True),
        "reason": lambda: ReasonDialog("Amend", "Why?"),
        "history": lambda: HistoryDialog(store, event_id),
        "rule settings": lambda: RuleSettingsDialog(defaults, defaults),
        "settings": lambda: SettingsDialog(settings, defaults, defaults),
        "restore": lambda: RestoreDialog([], tmp_path),
        "request a return": lambda: ReturnRequestDialog(ava, [leo], tmp_path),
        "receive a return": lambda: ReturnReceiveDialog(ava, [leo], tmp_path),
        "mapping": lambda: ColumnMappingDialog(MappingNeeded("x.csv", "", ["When", "Notes"], ["summary"],
                                                             [["14/01/2021", "Cut to hand"]]), "ED", {}),
        "same happening": lambda: SameHappeningDialog([], lambda *a: True),
        "returns": lambda: ReturnsDialog(store, lambda: None, lambda: None),
        "shortcuts": lambda: ShortcutsDialog(Actions(holder, QUndoStack(holder))),
        "first start": lambda: FirstStartDialog("sam", tmp_path / "c.db", tmp_path / "b"),
        "overview": lambda: OverviewDialog(store, store.caseload(""), context),
        "print": lambda: ExportDialog(store, "Sam Worker", ava, True, context),
        "rows already recorded": lambda: DuplicatesDialog(read_import(store, twice)),
        "a file refused": lambda: ImportProblemsDialog(ImportRejected(
            "school.csv", [Problem(2, "date", 2, "'31/02/2017' is not a real date")])),
        "user guide": lambda: UserGuideDialog(),
    }


def test_every_dialog_names_every_control_and_tab_reaches_its_inputs(qtbot, store, siblings, tmp_path, settings):
    problems = {}
    for name, make in dialogs(store, siblings, tmp_path, settings).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        missing, bare, skipped = unnamed(dialog), undescribed(dialog), unreachable(qtbot, dialog)
        if missing or bare or skipped:
            problems[name] = {"without a name": missing, "without a description": bare, "not reached by Tab": skipped}
        if not controls(dialog):
            problems[name] = "no control found: the walk did not see the dialog"
        dialog.close()
        wait_for_jobs()
    assert problems == {}, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_the_check_finds_a_control_without_a_name(qtbot):
    """The walk is shown to catch what it looks for: a line edit with no label, text or name."""
    from PySide6.QtWidgets import QVBoxLayout
    top = QWidget()
    QVBoxLayout(top).addWidget(QLineEdit())
    qtbot.addWidget(top)
    top.show()
    assert unnamed(top) == ["QLineEdit '' in QWidget"]


def test_the_check_finds_a_control_tab_cannot_reach(qtbot):
    from PySide6.QtWidgets import QVBoxLayout
    top = QWidget()
    layout = QVBoxLayout(top)
    first, mouse_only = QLineEdit(), QLineEdit()
    first.setAccessibleName("First")
    mouse_only.setAccessibleName("Mouse only")
    mouse_only.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    layout.addWidget(first)
    layout.addWidget(mouse_only)
    qtbot.addWidget(top)
    top.show()
    assert unreachable(qtbot, top) == ["QLineEdit 'Mouse only'"]


def test_text_follows_the_systems_font_size(qtbot, workspace, worked):
    """No size is fixed in points where the worker's own font size should rule: a larger system font
    makes the child's name and the timeline's legend larger too."""
    from pathlib import Path
    for module in Path(__file__).resolve().parents[2].joinpath("ui").glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "font-size:" not in text.replace("font-size:x-large", "").replace("font-size: x-large", ""), module


def test_under_high_contrast_the_apps_own_tints_give_way_to_the_systems(qtbot, monkeypatch):
    from tests.ui.test_return_dialogs import requests_shown
    from ui import theme
    from ui.returns_dialog import ReturnsModel
    model = ReturnsModel(requests_shown(), date(2026, 11, 30))
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # overdue, shaded
    monkeypatch.setattr(theme, "high_contrast", lambda: True)
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None  # the system's colours
    assert model.index(0, 6).data() == "Overdue"  # the word carries it
    assert theme.tint("#fbe3e4") is None


def test_under_high_contrast_the_timeline_draws_in_the_systems_colours(qtbot, monkeypatch):
    from PySide6.QtGui import QPalette

    from ui import theme
    from ui.timeline_view import TimelineView
    view = TimelineView()
    qtbot.addWidget(view)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.WindowText, Qt.GlobalColor.yellow)
    view.setPalette(palette)
    assert theme.ink(view, "#333333").name() == "#333333"
    monkeypatch.setattr(theme, "high_contrast", lambda: True)
    assert theme.ink(view, "#333333") == palette.color(QPalette.ColorRole.WindowText)
    view.resize(800, 300)
    view.grab()  # paints under high contrast without fault


def test_the_toolbar_buttons_and_the_filters_say_what_they_do_when_pointed_at(qtbot, workspace, worked):
    from PySide6.QtWidgets import QToolBar
    shown(qtbot, workspace, worked[0])
    window = workspace.window()
    toolbar = window.findChild(QToolBar, "mainToolbar")
    actions = workspace.ui_actions
    for action in toolbar.actions():
        if action.isSeparator() or action in (actions.undo, actions.redo):  # these name what they would undo
            continue
        tip = action.toolTip()
        assert action.statusTip() and action.statusTip() in tip, action.text()
        assert action.shortcut().toString() in tip, action.text()
    panel = workspace.chronology
    filters = [w for w in controls(panel) if isinstance(w, (QLineEdit, QComboBox)) or
               type(w).__name__ == "QCheckBox"]
    assert len(filters) >= 7
    assert [w.accessibleName() for w in filters if not w.toolTip().strip()] == []


def test_columns_and_narrow_fields_grow_with_a_larger_system_font(qtbot, store, siblings):
    """A worker who has made the system's text larger still sees what the columns and narrow
    fields showed at the usual size: widths grow with the text, and never shrink below it."""
    from PySide6.QtGui import QFontMetricsF

    from ui.chronology_panel import COLUMN_WIDTHS, ChronologyPanel
    from ui.event_editor import EventEditor
    usual = QApplication.font()
    try:
        for points, grown in ((9.0, 1.0), (7.0, 1.0), (13.5, 1.5)):
            font = QApplication.font()
            font.setPointSizeF(points)
            QApplication.setFont(font)
            panel = ChronologyPanel(store, RuleContext.load())
            qtbot.addWidget(panel)
            shown = [c for c in range(len(COLUMN_WIDTHS)) if not panel.table.isColumnHidden(c)]
            assert len(shown) >= 6
            assert [panel.table.columnWidth(c) for c in shown] == [round(COLUMN_WIDTHS[c] * grown) for c in shown]
            placeholder = panel.date_from.placeholderText()
            assert panel.date_from.maximumWidth() >= QFontMetricsF(panel.date_from.font()).horizontalAdvance(
                placeholder)
            editor = EventEditor(store, store.child(siblings[0]), [])
            qtbot.addWidget(editor)
            assert editor.time.maximumWidth() >= QFontMetricsF(editor.time.font()).horizontalAdvance("23:59") + 16
    finally:
        QApplication.setFont(usual)
