"""The thresholds the rules use. Local procedures vary, so every one can be changed; each flag
states the value it used. ``RuleSettingsDialog.edit(...)`` returns the user's overrides or None."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chronology.rules.model import SETTINGS

from .user_guide_dialog import add_help

UNITS = (("_working_days", " working days"), ("_months", " months"), ("_weeks", " weeks"),
         ("_years", " years"), ("_count", " times"), ("_threshold", " indicators"))


def _unit(name: str) -> str:
    return next((unit for ending, unit in UNITS if name.endswith(ending)), "")


class RuleSettingsForm(QWidget):
    """Every threshold with its source and default, in a scrolling form: in this dialog and in the
    Settings dialog's Rules page."""

    def __init__(self, defaults: dict[str, int], current: dict[str, int], parent: QWidget | None = None):
        super().__init__(parent)
        self.defaults = defaults
        self.boxes: dict[str, QSpinBox] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for setting in SETTINGS:
            box = QSpinBox(minimum=1, maximum=999)
            box.setMinimumWidth(150)
            unit = _unit(setting.name)
            box.valueChanged.connect(lambda value, box=box, unit=unit: box.setSuffix(
                unit[:-1] if value == 1 and unit.endswith("s") else unit))
            box.setValue(current.get(setting.name, defaults[setting.name]))
            box.setSuffix(unit[:-1] if box.value() == 1 and unit.endswith("s") else unit)
            box.setToolTip(f"Default {defaults[setting.name]} ({setting.source})")
            box.setAccessibleName(setting.description)
            label = QLabel(f"{setting.description} <span style='color:gray'>({setting.source})</span>")
            label.setMinimumWidth(420)
            label.setWordWrap(True)
            label.setBuddy(box)
            form.addRow(label, box)
            self.boxes[setting.name] = box
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Thresholds for the flags. Defaults follow Working Together and the DfE "
                                "indicators where they set one, local practice otherwise (docs/rules.md).",
                                wordWrap=True))
        layout.addWidget(scroll)

    def restore_defaults(self) -> None:
        for name, box in self.boxes.items():
            box.setValue(self.defaults[name])

    def overrides(self) -> dict[str, int]:
        """Only what differs from the defaults, so that a later change of default reaches the user."""
        return {name: box.value() for name, box in self.boxes.items() if box.value() != self.defaults[name]}


class RuleSettingsDialog(QDialog):
    def __init__(self, defaults: dict[str, int], current: dict[str, int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Rule settings")
        self.form = RuleSettingsForm(defaults, current, self)
        self.defaults, self.boxes = defaults, self.form.boxes
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        add_help(buttons, "findings", self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(760, 600)

    def restore_defaults(self) -> None:
        self.form.restore_defaults()

    def overrides(self) -> dict[str, int]:
        return self.form.overrides()

    @classmethod
    def edit(cls, defaults: dict[str, int], current: dict[str, int],
             parent: QWidget | None = None) -> dict[str, int] | None:
        dialog = cls(defaults, current, parent)
        return dialog.overrides() if dialog.exec() == QDialog.DialogCode.Accepted else None
