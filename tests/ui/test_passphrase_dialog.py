"""The passphrase that encrypts a caseload: chosen with the same rule as the command line, asked
for again when wrong."""


def test_the_window_and_the_command_line_share_one_passphrase_rule(qtbot):
    from chronology.passphrases import new_passphrase_problem
    from ui.passphrase_dialog import PassphraseDialog
    dialog = PassphraseDialog(creating=True)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("1234567")
    dialog.again.setText("1234567")
    dialog.accept()
    assert dialog.result() != 1 and dialog.problem.text() == new_passphrase_problem("1234567")
