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


def test_the_bundle_is_built_from_the_spec_which_reads_what_goes_in_from_the_build_script(tmp_path):
    build = build_module()
    args = build.arguments(tmp_path / "dist", tmp_path / "work")
    assert args[0] == str(ROOT / "packaging" / "chronology.spec") and build.SPEC.is_file()
    assert args[args.index("--distpath") + 1] == str(tmp_path / "dist")
    spec = build.SPEC.read_text(encoding="utf-8")
    compile(spec, str(build.SPEC), "exec")
    for name in ("HIDDEN_IMPORTS", "EXCLUDED", "datas()", "left_out(entry[0])", "NAME", "WINDOWED", "CONSOLE_TWIN"):
        assert f"build.{name}" in spec
    assert {"sqlcipher3", "PySide6.QtPdf"} <= set(build.HIDDEN_IMPORTS)


def test_the_bundle_carries_the_resources_and_the_data_the_libraries_read(monkeypatch):
    """Our resources as the package reads them, and each library's own data as PyInstaller collects
    it (stood in for: the tests run without PyInstaller, which only the bundle extra installs)."""
    from types import ModuleType
    hooks = ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda package: [(f"/site-packages/{package}/data", package)]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    datas = build_module().datas()
    assert (str(ROOT / "resources"), "chronology/resources") in datas
    assert {destination for _, destination in datas} >= {"docx", "openpyxl", "reportlab"}


def test_qt_files_the_app_never_loads_are_left_out_on_every_platform():
    left_out = build_module().left_out
    never_used = [
        "PySide6/Qt/plugins/platforms/libqvnc.so", "PySide6/plugins/platforms/qvnc.dll",  # a VNC server
        "PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", "PySide6/plugins/generic/qtuiotouchplugin.dll",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll",
        "PySide6/Qt/lib/libQt6Quick.so.6", "libQt6Qml.so.6", "PySide6/Qt6Quick.dll", "PySide6\\Qt6QmlModels.dll",
        "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
        "PySide6/Qt/plugins/platforms/libqeglfs.so", "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
        "PySide6/Qt/translations/qt_de.qm", "PySide6/translations/qtbase_fr.qm",
        "chronology/resources/__pycache__/__init__.cpython-311.pyc",
    ]
    needed = [
        "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll", "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt6Pdf.dll", "PySide6/Qt6PdfWidgets.dll",
        "PySide6/Qt6Network.dll",  # linked by Qt's PDF viewer; nothing loads its Python module
        "PySide6/QtWidgets.pyd", "chronology/resources/fonts/DejaVuSans.ttf", "chronology/resources/__init__.py",
        "docx/templates/default.docx",
    ]
    assert [path for path in never_used if not left_out(path)] == []
    assert [path for path in needed if left_out(path)] == []


def test_the_windows_icon_is_drawn_from_the_svg(qtbot, tmp_path):
    icon = build_module().windows_icon(tmp_path / "chronology.ico")
    assert icon.read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


def run_spec(monkeypatch, tmp_path, platform: str):
    """The spec as PyInstaller runs it on ``platform``, with PyInstaller's classes stood in for:
    what it asks to be built, from what."""
    from types import SimpleNamespace
    monkeypatch.setattr(sys, "platform", platform)
    build = build_module()  # its settings worked out for that platform
    monkeypatch.setitem(sys.modules, "build", build)
    monkeypatch.setattr(build, "datas", lambda: [("resources", "chronology/resources")])
    made: dict[str, list] = {"EXE": [], "COLLECT": [], "BUNDLE": []}
    analysis = SimpleNamespace(
        pure=[], scripts=[],
        binaries=[("PySide6/plugins/platforms/qvnc.dll", "x", "BINARY"),
                  ("PySide6/plugins/platforms/qwindows.dll", "x", "BINARY"),
                  ("PySide6/Qt6Quick.dll", "x", "BINARY"), ("PySide6/Qt6Widgets.dll", "x", "BINARY")],
        datas=[("PySide6/translations/qtbase_de.qm", "x", "DATA"), ("chronology/resources/rule-settings.json", "x",
                                                                     "DATA")])
    namespace = {
        "SPECPATH": str(ROOT / "packaging"), "workpath": str(tmp_path),
        "Analysis": lambda scripts, **options: analysis,
        "PYZ": lambda pure: "pyz",
        "EXE": lambda *parts, **options: made["EXE"].append(options) or options["name"],
        "COLLECT": lambda *parts, **options: made["COLLECT"].append((parts, options)),
        "BUNDLE": lambda *parts, **options: made["BUNDLE"].append(options),
    }
    exec(compile(build.SPEC.read_text(encoding="utf-8"), str(build.SPEC), "exec"), namespace)
    return made, analysis


def test_on_windows_the_spec_builds_the_windowed_app_its_console_twin_and_the_icon(qtbot, monkeypatch, tmp_path):
    made, analysis = run_spec(monkeypatch, tmp_path, "win32")
    executables = {options["name"]: options for options in made["EXE"]}
    assert set(executables) == {"Chronology", "Chronology-cli"}
    assert executables["Chronology"]["console"] is False and executables["Chronology-cli"]["console"] is True
    assert all(options["disable_windowed_traceback"] for options in made["EXE"])  # never a traceback on screen
    icon = Path(executables["Chronology"]["icon"])
    assert icon.read_bytes()[:4] == b"\x00\x00\x01\x00" and executables["Chronology-cli"]["icon"] == str(icon)
    (parts, options), = made["COLLECT"]
    assert parts[:2] == ("Chronology", "Chronology-cli") and options["name"] == "Chronology"
    assert [entry[0] for entry in analysis.binaries] == ["PySide6/plugins/platforms/qwindows.dll",
                                                         "PySide6/Qt6Widgets.dll"]
    assert [entry[0] for entry in analysis.datas] == ["chronology/resources/rule-settings.json"]


def test_on_linux_one_executable_with_its_console(qtbot, monkeypatch, tmp_path):
    made, _ = run_spec(monkeypatch, tmp_path, "linux")
    assert [(options["name"], options["console"], options["icon"]) for options in made["EXE"]] == [
        ("Chronology", True, None)]
    assert made["BUNDLE"] == []


def test_on_macos_a_windowed_app_in_an_app_bundle(qtbot, monkeypatch, tmp_path):
    made, _ = run_spec(monkeypatch, tmp_path, "darwin")
    assert [(options["name"], options["console"]) for options in made["EXE"]] == [("Chronology", False)]
    assert [options["name"] for options in made["BUNDLE"]] == ["Chronology.app"]
