"""main.py as the Windows bundle runs it: Chronology.exe is built windowed, so Windows gives it no
standard streams; a subcommand must still say what it does (or at least never fail for want of a
console). ``ctypes.windll`` and the console's files are stood in for: this runs anywhere."""
from __future__ import annotations

import importlib.util
import io
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def windowed_exe(monkeypatch):
    """main.py as the frozen, windowed Windows app: no streams, a console to attach to or not."""
    spec = importlib.util.spec_from_file_location("chronology_main", ROOT / "main.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    opened: list[str] = []

    def console_file(name, mode="r", **kwargs):
        opened.append(name)
        return io.StringIO() if name in ("CONOUT$", "CONIN$") else open(name, mode, **kwargs)

    state = SimpleNamespace(module=module, opened=opened, attached=True)
    import ctypes
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=SimpleNamespace(
        AttachConsole=lambda process: 1 if state.attached else 0)), raising=False)
    monkeypatch.setattr(module, "open", console_file, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    return state


def no_streams(monkeypatch):
    """As Windows starts a windowed app (set in the test itself: pytest puts its own capture back
    between a fixture and the test)."""
    for stream in ("stdin", "stdout", "stderr"):
        monkeypatch.setattr(sys, stream, None)


def test_started_at_a_prompt_it_writes_to_the_prompts_console_and_never_reads_it(windowed_exe, monkeypatch):
    no_streams(monkeypatch)
    windowed_exe.module._use_the_console_it_was_started_from()
    assert windowed_exe.opened == [os.devnull, "CONOUT$", "CONOUT$"]
    assert sys.stdin is not None and not sys.stdin.isatty()  # the passphrase comes from the environment


def test_what_was_redirected_stays_redirected(windowed_exe, monkeypatch):
    no_streams(monkeypatch)
    to_file = io.StringIO()
    monkeypatch.setattr(sys, "stdout", to_file)
    windowed_exe.module._use_the_console_it_was_started_from()
    assert sys.stdout is to_file and windowed_exe.opened[-1] == "CONOUT$"  # only the error stream


def test_with_no_console_and_nothing_redirected_it_writes_nowhere_rather_than_failing(windowed_exe, tmp_path,
                                                                                     monkeypatch):
    no_streams(monkeypatch)
    windowed_exe.attached = False
    windowed_exe.module._use_the_console_it_was_started_from()
    assert windowed_exe.opened == [os.devnull] * 3
    code = windowed_exe.module.main(["children", "--db", str(tmp_path / "missing.db")])
    assert code == 2  # said to nobody, but said without a traceback; the exit code tells the script


def test_elsewhere_nothing_is_changed(windowed_exe, monkeypatch):
    no_streams(monkeypatch)
    monkeypatch.setattr(sys, "frozen", False)
    windowed_exe.module._use_the_console_it_was_started_from()
    assert windowed_exe.opened == [] and sys.stdout is None
