"""Build Chronology as a one-folder app with PyInstaller: ``DIR/Chronology/Chronology.exe`` on
Windows, ``DIR/Chronology/Chronology`` on Linux and macOS. It carries Python, Qt, SQLCipher, the
fonts, the resources and the user guide, and runs without Python installed; with a subcommand it
runs the command line (on Windows ``Chronology-cli.exe export …``, the console twin beside it).

    python packaging/build.py [--dist DIR]

Needs the app's dependencies and PyInstaller (``pip install -e ".[bundle]"``). See docs/installing.md.
What goes into the bundle is said here; ``chronology.spec`` (PyInstaller's build description)
reads it from this module.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path(__file__).resolve().with_name("chronology.spec")
NAME = "Chronology"
#: Built without a console window on Windows and macOS, so that none flashes up for a worker.
WINDOWED = sys.platform in ("win32", "darwin")
#: On Windows a second executable beside it, the same program built for the console, for a
#: command prompt and scripts: the prompt waits for it, and it can ask for a passphrase.
CONSOLE_TWIN = f"{NAME}-cli" if sys.platform == "win32" else None
#: Packages whose data files the app reads at run time (python-docx's blank document and styles,
#: openpyxl's, reportlab's fonts and metrics).
DATA_PACKAGES = ("docx", "openpyxl", "reportlab")
#: Modules loaded by name, which PyInstaller's analysis cannot see. (``chronology.resources`` is
#: not one: it goes in whole as data, below, and is imported from the bundle's folder.)
HIDDEN_IMPORTS = ("sqlcipher3", "sqlcipher3.dbapi2", "PySide6.QtPdf",
                  "PySide6.QtPdfWidgets", "PySide6.QtSvg")
#: Python modules the app never uses: the tests' tools, other GUIs, Qt's modules for QML, 3D,
#: multimedia and the network.
EXCLUDED = ("tkinter", "pytest", "hypothesis", "pypdf", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
            "PySide6.Qt3DCore", "PySide6.QtQuick", "PySide6.QtQml", "PySide6.QtMultimedia", "PySide6.QtNetwork")
#: Files Qt's plugins would bring that the app never loads, matched against their place in the
#: bundle. Some would let it listen on the network if started with the right setting: a VNC
#: server in place of the screen, TUIO touch over UDP. The others serve what a laptop has no use
#: for (Qt's on-screen keyboard, which brings the whole of QML and Qt Quick; drawing straight to
#: a Linux framebuffer; raw Linux input devices), or are Qt's own dialogs in other languages (the
#: app installs no translator, so they are never read) and Python's compiled caches.
LEFT_OUT = (
    r"plugins/platforms/[^/]*(vnc|eglfs|linuxfb|minimalegl|vkkhrdisplay)[^/]*$",
    r"plugins/egldeviceintegrations/",
    r"plugins/generic/",
    r"plugins/platforminputcontexts/[^/]*virtualkeyboard[^/]*$",
    r"(^|/)(lib)?Qt6(Quick|Qml|VirtualKeyboard|EglFS)[A-Za-z]*\.(so[.0-9]*|dll|dylib)$",
    r"(^|/)Qt(Quick|Qml|VirtualKeyboard)[A-Za-z]*\.framework/",
    r"/translations/[^/]*\.qm$",
    r"(^|/)__pycache__/",
)
_LEFT_OUT = re.compile("|".join(f"(?:{pattern})" for pattern in LEFT_OUT), re.IGNORECASE)


def left_out(destination: str | PurePath) -> bool:
    """Whether a file PyInstaller would put at ``destination`` (a path inside the bundle's
    folder, with either kind of slash: PyInstaller gives Windows' own) is one the app never uses
    and so is left out."""
    return bool(_LEFT_OUT.search(str(destination).replace("\\", "/")))


def datas() -> list[tuple[str, str]]:
    """The data files: our resources as the package ``chronology.resources`` reads them, and the
    data of the packages in DATA_PACKAGES."""
    from PyInstaller.utils.hooks import collect_data_files
    files = [(str(ROOT / "resources"), "chronology/resources")]
    for package in DATA_PACKAGES:
        files += collect_data_files(package)
    return files


def windows_icon(target: Path) -> Path:
    """The app's icon as Windows wants it (.ico), drawn from the SVG in resources/."""
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
    """PyInstaller's command line: the spec, and where to work and to put the app."""
    return [str(SPEC), "--noconfirm", "--clean", "--distpath", str(dist), "--workpath", str(work)]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
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
