"""Why a file was not imported: every problem by line, fitting a laptop's screen, copied whole."""


def test_the_problems_fit_a_laptop_screen_however_many_and_can_be_copied(qtbot):
    from PySide6.QtGui import QGuiApplication

    from chronology.interchange import ImportRejected, Problem
    from ui.import_problems_dialog import SHOWN, ImportProblemsDialog
    problems = [Problem(line, "date", 2, "'31/02/2017' is not a real date") for line in range(2, 1502)]
    dialog = ImportProblemsDialog(ImportRejected(r"C:\Users\Sam\school-export.csv", problems))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.height() <= 700 and dialog.width() <= 1300
    listed = dialog.problems.toPlainText().splitlines()
    assert listed[0] == "Line 2, column 2 (date): '31/02/2017' is not a real date"
    assert len(listed) == SHOWN + 1 and listed[-1] == "… and 500 more problems"
    dialog.copy.click()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert len(copied) == 1500 and copied[0].startswith(r"C:\Users\Sam\school-export.csv, line 2, column 2")
