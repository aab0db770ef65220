"""Printing a chronology: the choices, a preview of the pages, then save, open or print. The
document is built off the GUI thread and held in memory; nothing is written until the worker
saves it. What is saved or printed is always what the choices on screen say: a document built
for other choices is never saved, printed, or recorded in the audit trail (Save and Print build
it afresh first), and the preview says when it is out of date.
``ExportDialog.run(...)`` shows the dialog and returns what was saved, or None."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chronology import operations
from chronology.model import Child, person_problem
from chronology.report import ReportChoice, gather
from chronology.report.pdf import pdf_bytes
from chronology.rules import RuleContext
from chronology.vocabulary import event_type_label

from .jobs import Job, start
from .settings import documents_folder
from .user_guide_dialog import UserGuideDialog
from .widgets import CheckList, DayField, describe, explain, widened

if TYPE_CHECKING:
    from chronology.store import Store


STALE = ("<b>This preview is out of date</b>: the choices have changed since it was built. "
         "Update preview to see the new document; Save and Print build it afresh first.")


@dataclass(frozen=True)
class Built:
    """A document and exactly what it was built from."""

    choice: ReportChoice
    produced_by: str
    content: bytes
    pages: int
    entries: int


@dataclass(frozen=True)
class Saved:
    path: Path
    produced_by: str


class ExportDialog(QDialog):
    def __init__(self, store: Store, produced_by: str, child: Child, has_siblings: bool, context: RuleContext,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Print or save a chronology — {child.name}")
        self.store, self.child, self.context = store, child, context
        self.built: Built | None = None
        self.saved: Saved | None = None
        self.job: Job | None = None
        self.building: tuple[ReportChoice, str] | None = None  # what the running job builds
        self.pending: str | None = None  # "save" or "print", once the document matches the choices
        self.produced_by = QLineEdit(produced_by, placeholderText="Your name, as it should appear on paper")
        self.date_from = DayField("From (e.g. 2016)")
        self.date_to = DayField("To (e.g. 03/2019)", end_of_period=True)
        self.key_only = QCheckBox("&Key events only")
        self.family = QCheckBox("Whole &family (siblings merged)")
        self.family.setEnabled(has_siblings)
        self.for_family = QCheckBox("The famil&y's copy (third-party information left out)")
        self.orientation = QComboBox()
        self.orientation.addItem("A4 landscape", True)
        self.orientation.addItem("A4 portrait", False)
        options = store.options_for((child.id,))
        self.agencies = CheckList([(a, a) for a in options["agencies"]])
        self.types = CheckList(sorted(((t, event_type_label(t)) for t in options["event_types"]), key=lambda p: p[1]))
        for checklist in (self.agencies, self.types):
            checklist.check_all()
            checklist.setMaximumHeight(150)
        self.status = QLabel(wordWrap=True)
        self.stale = QLabel(STALE, wordWrap=True)
        self.stale.setObjectName("staleNotice")
        self.stale.setStyleSheet("background: #fff3cd; color: #5c3d00; border: 1px solid #b38600; padding: 6px;")
        self.stale.hide()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.document = QPdfDocument(self)
        self.buffer = QBuffer(self)
        self.preview = QPdfView()
        self.preview.setDocument(self.document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.buttons = {name: QPushButton(label) for name, label in (
            ("preview", "&Update preview"), ("stop", "S&top building"), ("save", "&Save PDF…"), ("print", "&Print…"),
            ("help", "Help"), ("close", "Close"))}
        self.buttons["stop"].hide()
        describe(self.date_from, "Period from", "Print the entries from this day, month or year (e.g. 2016); empty: "
                                                "from the first entry")
        describe(self.date_to, "Period to", "Print the entries up to this day, month or year (e.g. 03/2019); empty: "
                                            "to the last entry")
        explain([(self.key_only, "Only the entries marked as key events"),
                 (self.family, "The siblings' chronologies together; an event they share printed once"),
                 (self.for_family, "A copy for the family: what other agencies and third parties said is left out "
                                   "of the file, not just hidden"),
                 (self.orientation, "Landscape gives the columns more room; portrait suits a bundle"),
                 (self.agencies, "Tick the sources whose entries are printed"),
                 (self.types, "Tick the kinds of event printed"),
                 (self.produced_by, "Your name and role, printed on every page")])
        self._layout()
        self.buttons["preview"].clicked.connect(self.build)
        self.buttons["stop"].clicked.connect(self.stop)
        self.buttons["save"].clicked.connect(self.save)
        self.buttons["print"].clicked.connect(self.print_document)
        self.buttons["close"].clicked.connect(self.reject)
        self.buttons["help"].setToolTip("Open the user guide at printing (F1)")
        self.buttons["help"].clicked.connect(lambda: UserGuideDialog.show_section("printing", self))
        for box in (self.key_only, self.family, self.for_family):
            box.toggled.connect(self._choices_changed)
        for edit in (self.date_from, self.date_to, self.produced_by):
            edit.textChanged.connect(self._choices_changed)
        self.orientation.currentIndexChanged.connect(self._choices_changed)
        for checklist in (self.agencies, self.types):
            checklist.itemChanged.connect(self._choices_changed)
        self.resize(1200, 700)
        self.build()

    def _layout(self) -> None:
        form = QFormLayout()
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(self.date_to)
        form.addRow("Period", period)
        form.addRow(self.key_only)
        form.addRow(self.family)
        form.addRow(self.for_family)
        form.addRow("Paper", self.orientation)
        form.addRow("Sources", self.agencies)
        form.addRow("Event types", self.types)
        form.addRow("Produced &by", self.produced_by)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.busy)
        left.addWidget(self.buttons["stop"])
        left.addWidget(self.status)
        left.addStretch(1)
        for name in ("preview", "save", "print", "help", "close"):
            left.addWidget(self.buttons[name])
        layout = QHBoxLayout(self)
        side = QWidget()
        side.setLayout(left)
        side.setMaximumWidth(widened(side, 420))
        layout.addWidget(side)
        right = QVBoxLayout()
        right.addWidget(self.stale)
        right.addWidget(self.preview, 1)
        layout.addLayout(right, 1)

    def choice(self) -> ReportChoice:
        every = lambda checklist: checklist.count() == len(checklist.checked())  # noqa: E731
        # All ticked: no filter. None ticked: a filter nothing matches, so the document says so.
        return ReportChoice(
            date_from=self.date_from.value(), date_to=self.date_to.value(), key_only=self.key_only.isChecked(),
            agencies=() if every(self.agencies) else tuple(self.agencies.checked()) or ("",),
            event_types=() if every(self.types) else tuple(self.types.checked()) or ("",),
            family=self.family.isChecked(), for_family=self.for_family.isChecked(),
            landscape=self.orientation.currentData())

    def wanted(self) -> tuple[ReportChoice, str]:
        """What the choices on screen ask for: the document's choices and who produces it."""
        return self.choice(), self.produced_by.text().strip()

    def problem(self) -> str | None:
        """Why no document can be built for the choices on screen, or None."""
        for label, field in (("From", self.date_from), ("To", self.date_to)):
            problem = field.problem()
            if problem:
                return f"The period's '{label}' is not a date: {problem}"
        if not self.produced_by.text().strip():
            return "Give your name as it should appear on the document (Produced by)."
        unfit = person_problem(self.produced_by.text(), "Produced by")
        if unfit:
            return unfit
        return None

    def is_current(self) -> bool:
        """Whether the document held is exactly the one the choices on screen describe."""
        return self.built is not None and (self.built.choice, self.built.produced_by) == self.wanted()

    def _choices_changed(self, *_args) -> None:
        stale = self.built is not None and not self.is_current()
        self.stale.setVisible(stale)
        problem = self.problem()
        if problem:
            self.status.setText(problem)
        elif self.building is None and self.built is not None:
            self._say_ready() if not stale else self.status.setText("The preview shows the earlier choices.")
        for name in ("preview", "save", "print"):
            self.buttons[name].setEnabled(problem is None)

    def build(self) -> None:
        """Build the document for the choices on screen in the background; the preview follows
        when it is ready."""
        problem = self.problem()
        if problem:
            self.status.setText(problem)
            self.pending = None
            return
        wanted = self.wanted()
        if self.building == wanted:
            return  # already on its way
        choice, produced_by = wanted
        child_id, context = self.child.id, self.context
        self.building = wanted
        self._working(True, "Building the document…")

        def work(store: Store, report) -> Built:
            data = gather(store, child_id, choice, context, date.today(), produced_by)
            content, pages = pdf_bytes(data, progress=report)
            return Built(choice, produced_by, content, pages, len(data.events))
        if self.job is not None:
            self.job.cancel()  # building what the screen no longer asks for
        job = self.job = Job(self.store, work)
        # Only the latest build speaks: one stopped or overtaken may still report on its way out.
        job.signals.progress.connect(lambda done, total: self._progress(done, total) if job is self.job else None)
        job.signals.finished.connect(lambda built: self._built(built) if job is self.job else None)
        job.signals.failed.connect(lambda message: self._failed(message) if job is self.job else None)
        job.signals.stopped.connect(lambda: self._stopped() if job is self.job else None)
        start(job)

    def _working(self, busy: bool, message: str) -> None:
        self.busy.setRange(0, 0)  # moving, until the entries are being laid out
        self.busy.setVisible(busy)
        self.buttons["stop"].setVisible(busy)
        self.status.setText(message)

    def _progress(self, done: int, total: int) -> None:
        if self.building is None:
            return  # arrived after the build was stopped
        self.busy.setRange(0, total)
        self.busy.setValue(done)
        self.status.setText(f"Building the document: {done * 100 // max(total, 1)}%…")

    def stop(self) -> None:
        """Stop building a document (a long chronology takes a while); the preview keeps what it had."""
        if self.job is not None and self.building is not None:
            self.job.cancel()
            self.building, self.pending = None, None
            self._working(False, "Stopping…")

    def _stopped(self) -> None:
        if self.building is None:
            self._working(False, "Stopped: no document was built. Update the preview to build it again.")

    def _failed(self, message: str) -> None:
        self.building, self.pending = None, None
        self._working(False, f"Could not build it: {message}")

    def _built(self, built: Built) -> None:
        self.building = None
        self.built = built
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray(built.content))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        self._working(False, "")
        if not self.is_current():  # the choices changed while it was being built
            self.stale.show()
            if self.pending:
                self.build()
            return
        self.stale.hide()
        self._say_ready()
        pending, self.pending = self.pending, None
        if pending == "save":
            self.save()
        elif pending == "print":
            self.print_document()

    def _say_ready(self) -> None:
        pages = self.built.pages if self.built else 0
        self.status.setText(f"{pages} page{'s' if pages != 1 else ''}, A4. Nothing is saved until you save it.")

    def _current_or_build(self, then: str) -> Built | None:
        """The document for the choices on screen, or None after starting to build it (``then``
        is done once it is ready)."""
        if self.is_current():
            return self.built
        self.pending = then
        self.build()
        return None

    def save(self) -> None:
        built = self._current_or_build("save")
        if built is None:
            return
        choice = built.choice
        name = f"{self.child.ref} chronology{' (family copy)' if choice.for_family else ''}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save the chronology", str(documents_folder() / name),
                                              "PDF files (*.pdf)")
        if not path:
            return
        try:  # the dialog asked about replacing a file; never a database, the caseload's or another
            operations.save_pdf_file(self.store, self.child.id, built.content, Path(path), built.entries,
                                     choice.audit_detail(), replace=True)
        except Exception as error:
            said = operations.refusal_in_words(error, self.store.path)
            if said is None and not isinstance(error, OSError):
                raise
            QMessageBox.warning(self, "Save", said or f"The chronology could not be saved to {path}: "
                                f"{getattr(error, 'strerror', None) or error}")
            return
        self.saved = Saved(Path(path), built.produced_by)
        if QMessageBox.question(self, "Saved", f"Saved to {path}. Open it now?") == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def print_document(self) -> None:
        """Through the system's print dialog, page by page at the printer's resolution."""
        built = self._current_or_build("print")
        if built is None or self.document.pageCount() == 0:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        painter = QPainter(printer)
        try:
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                image = self.document.render(page, QSize(area.width(), area.height()))
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
        try:
            operations.record_printed(self.store, self.child.id, built.entries, built.choice.audit_detail())
        except Exception as error:  # printed, but the record of it was refused: say so
            said = operations.refusal_in_words(error, self.store.path)
            if said is None:
                raise
            QMessageBox.warning(self, "Print", f"The chronology was printed, but recording that in the audit "
                                f"trail failed: {said}")

    @classmethod
    def run(cls, store: Store, produced_by: str, child: Child, has_siblings: bool, context: RuleContext,
            parent: QWidget | None = None) -> Saved | None:
        dialog = cls(store, produced_by, child, has_siblings, context, parent)
        dialog.exec()
        dialog.stop()  # closed while building: nothing goes on being built for no one
        return dialog.saved
