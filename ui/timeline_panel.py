"""The timeline tab: lane choice, zoom buttons and a legend above the timeline itself."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from chronology.rules import Flag
from chronology.timeline import LEGEND as SHAPES_LEGEND
from chronology.timeline import Timeline

from .timeline_view import TimelineView
from .widgets import describe

LEGEND = (f"{SHAPES_LEGEND} | solid: red, hatched: amber, hollow: green, bold edge: key | "
          "dashed span: date uncertain | shaded: case open, hatched: plan")
LANES = (("agency", "Lanes by agency"), ("category", "Lanes by concern"), ("child", "Lanes by child"))


class TimelinePanel(QWidget):
    event_clicked = Signal(int)

    def __init__(self):
        super().__init__()
        self.view = TimelineView()
        self.lanes = QComboBox()
        for code, label in LANES:
            self.lanes.addItem(label, code)
        describe(self.lanes, "Timeline lanes",
                 "Put the timeline's entries in lanes by agency, by concern or, for a family, by child")
        buttons = []
        for text, name, tip, action in (("−", "Zoom out", "Zoom out (-)", lambda: self.view.zoom(1 / 0.7)),
                                        ("+", "Zoom in", "Zoom in (+)", lambda: self.view.zoom(0.7)),
                                        ("Whole life", "Whole life", "Show everything (Home)", self._fit)):
            button = QPushButton(text)
            button.setAccessibleName(name)  # a screen reader would say "minus" and "plus"
            button.setToolTip(tip)
            button.clicked.connect(action)
            buttons.append(button)
        legend = QLabel(LEGEND, wordWrap=True)
        smaller = legend.font()  # smaller than the system's font, whatever size the worker chose for it
        smaller.setPointSizeF(max(smaller.pointSizeF() * 0.85, 7))
        legend.setFont(smaller)
        bar = QHBoxLayout()
        bar.addWidget(self.lanes)
        for button in buttons:
            bar.addWidget(button)
        bar.addWidget(legend, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.lanes.currentIndexChanged.connect(lambda: self.view.set_lanes(self.lanes.currentData()))
        self.view.event_clicked.connect(self.event_clicked)

    def _fit(self) -> None:
        self.view.fit()
        self.view.update()

    def show_timeline(self, timeline: Timeline | None, names: dict[int, str], flags: list[Flag],
                      family: bool, threshold: int, keep_view: bool = False) -> None:
        """Draw a chronology; lanes by child are offered only for a family."""
        lanes = self.lanes.model()
        assert isinstance(lanes, QStandardItemModel)  # a combo box's own model
        lanes.item(2).setEnabled(family)
        if not family and self.lanes.currentData() == "child":
            self.lanes.setCurrentIndex(0)
        self.view.neglect_threshold = threshold
        self.view.set_timeline(timeline, names, flags, self.lanes.currentData(), fit=not keep_view)
