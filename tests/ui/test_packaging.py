"""The bundle's build script (packaging/build.py): what it gives PyInstaller, and the Windows icon
it draws. The bundle itself is built and run by CI (.ci/run, packaging/smoke.py)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build_module():
    spec = importlib.util.spec_from_file_location("build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_the_bundle_carries_the_resources_and_the_modules_loaded_by_name(tmp_path):
    build = build_module()
    args = build.arguments(tmp_path / "dist", tmp_path / "work")
    separator = ";" if sys.platform == "win32" else ":"
    assert f"{ROOT / 'resources'}{separator}chronology/resources" in args
    assert args[args.index("--name") + 1] == "Chronology" and "--onedir" in args
    hidden = {args[i + 1] for i, arg in enumerate(args) if arg == "--hidden-import"}
    assert {"sqlcipher3", "chronology.resources", "PySide6.QtPdf"} <= hidden
    assert {args[i + 1] for i, arg in enumerate(args) if arg == "--collect-data"} >= {"docx", "openpyxl"}


def test_the_windows_icon_is_drawn_from_the_svg(qtbot, tmp_path):
    icon = build_module().windows_icon(tmp_path / "chronology.ico")
    assert icon.read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
