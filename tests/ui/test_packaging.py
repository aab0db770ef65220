"""The bundle's build script (packaging/build.py): what it gives PyInstaller, and the Windows icon
it draws. The bundle itself is built and run by CI (.ci/run, packaging/smoke.py)."""
from __future__ import annotations

import importlib.util
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


def test_the_bundle_carries_the_resources_and_the_data_the_libraries_read():
    datas = build_module().datas()
    assert (str(ROOT / "resources"), "chronology/resources") in datas
    places = {destination.replace("\\", "/") for _, destination in datas}
    assert any(place.startswith("docx/templates") for place in places)
    assert any(place.startswith("reportlab/fonts") for place in places)


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
