"""Build Chronology as a one-folder app with PyInstaller: ``DIR/Chronology/Chronology.exe`` on
Windows, ``DIR/Chronology/Chronology`` on Linux and macOS. It carries Python, Qt, SQLCipher, the
fonts, the resources and the user guide, and runs without Python installed; the same executable
with a subcommand runs the command line (``Chronology.exe export …``).

    python packaging/build.py [--dist DIR]

Needs the app's dependencies and PyInstaller (``pip install -e ".[bundle]"``). See docs/installing.md.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "Chronology"
#: Packages whose data files the app reads at run time (python-docx's blank document and styles,
#: openpyxl's, the resources of our own), and modules loaded by name that the analysis cannot see.
DATA_PACKAGES = ("docx", "openpyxl", "reportlab")
HIDDEN_IMPORTS = ("sqlcipher3", "sqlcipher3.dbapi2", "chronology.resources", "PySide6.QtPdf",
                  "PySide6.QtPdfWidgets", "PySide6.QtSvg")
#: What the app never uses: left out, so that the bundle is smaller (the tests' tools, other GUIs).
EXCLUDED = ("tkinter", "pytest", "hypothesis", "pypdf", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
            "PySide6.Qt3DCore", "PySide6.QtQuick", "PySide6.QtQml", "PySide6.QtMultimedia", "PySide6.QtNetwork")


def windows_icon(target: Path) -> Path:
    """The app's icon as Windows wants it (.ico, several sizes), drawn from the SVG in resources/."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "chronology.svg"))
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "ICO"):
        raise RuntimeError(f"the icon could not be written to {target}")
    del _app
    return target


def arguments(dist: Path, work: Path) -> list[str]:
    separator = ";" if sys.platform == "win32" else ":"
    args = [str(ROOT / "main.py"), "--name", NAME, "--noconfirm", "--clean", "--onedir",
            "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work),
            "--paths", str(ROOT),
            "--add-data", f"{ROOT / 'resources'}{separator}chronology/resources"]
    if sys.platform == "win32":
        args += ["--windowed", "--icon", str(windows_icon(work / "chronology.ico"))]
    elif sys.platform == "darwin":
        args += ["--windowed"]
    for package in DATA_PACKAGES:
        args += ["--collect-data", package]
    for module in HIDDEN_IMPORTS:
        args += ["--hidden-import", module]
    for module in EXCLUDED:
        args += ["--exclude-module", module]
    return args


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the app's folder is made")
    args = parser.parse_args()
    try:
        import PyInstaller.__main__
    except ImportError:
        print('PyInstaller is not installed: pip install -e ".[bundle]"', file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        PyInstaller.__main__.run(arguments(args.dist.resolve(), Path(work)))
    executable = args.dist / NAME / (NAME + (".exe" if sys.platform == "win32" else ""))
    print(f"Built {executable}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
