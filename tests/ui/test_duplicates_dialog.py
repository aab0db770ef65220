"""Rows already recorded, offered to the worker: leave them out, import them anyway, or cancel."""
from tests.ui.test_import import HEADER


def test_the_duplicates_dialog_lists_each_row_and_says_nothing_is_saved_yet(qtbot, store, siblings, tmp_path):
    from chronology.interchange import read_import
    from ui.duplicates_dialog import DuplicatesDialog
    path = tmp_path / "same.csv"
    path.write_text(HEADER + "\nA1,14/03/2017,,,Police,PC,police_incident,,Shouting,,,,,,\n"
                    "A1,14/03/2017,,,Police,PC,police_incident,,Shouting,,,,,,\n", encoding="utf-8")
    dialog = DuplicatesDialog(read_import(store, path))
    qtbot.addWidget(dialog)
    first = dialog.listing.topLevelItem(0)
    assert dialog.listing.topLevelItemCount() == 1
    assert [first.text(c) for c in range(4)] == ["3", "14/03/2017", "Shouting", "line 2 of this file"]
    assert "Leave them out (import 1)" in dialog.skip.text().replace("&", "")
    assert dialog.skip.isDefault()


def test_a_file_every_row_of_which_is_recorded_offers_import_anyway_or_cancel(qtbot, store, siblings, tmp_path):
    from chronology.interchange import import_csv, read_import
    from ui.duplicates_dialog import DuplicatesDialog
    path = tmp_path / "again.csv"
    path.write_text(HEADER + "\nA1,14/03/2017,,,Police,PC,police_incident,,Shouting,,,,,,\n", encoding="utf-8")
    import_csv(store, path)
    dialog = DuplicatesDialog(read_import(store, path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.listing.topLevelItem(0).text(3) == "an entry already recorded"
    assert not dialog.skip.isVisible() and dialog.keep.isVisible()
    assert not dialog.keep.isDefault()
