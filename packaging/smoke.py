"""Run a built bundle as a worker and as IT would, and time its start against ``python main.py``:

    python packaging/smoke.py [--dist DIR]

Checks: ``--version``; ``demo`` writes a caseload; ``flags --json`` reads it; a PDF export writes
a PDF; the window starts offscreen and is still running after a few seconds (no missing Qt
plugin, library or resource); none of the files build.py leaves out is there. Then prints the
bundle's size and the median start of a command (``children``) for the bundle and for
``python main.py``, for docs/performance.md. Exit 1 on any failure, saying which.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "smoke test passphrase"


def run(command: list[str], folder: Path, **extra) -> subprocess.CompletedProcess:
    env = {**os.environ, "CHRONOLOGY_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config")}
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300, **extra)


def check(what: str, result: subprocess.CompletedProcess, quietly: bool = False) -> str:
    if result.returncode != 0 or "Traceback" in result.stderr:
        print(f"FAILED: {what} (exit {result.returncode})\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        sys.exit(1)
    if not quietly:
        print(f"ok: {what}")
    return result.stdout


def window_starts(executable: Path, folder: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(folder),
           "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config")}
    process = subprocess.Popen([str(executable), "--db", str(folder / "case.db")], cwd=folder, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        process.wait(timeout=8)
    except subprocess.TimeoutExpired:  # still running: the window is up, asking for the passphrase
        process.kill()
        process.wait()
        print("ok: the window starts (offscreen) and stays up")
        return
    print(f"FAILED: the window exited at once (exit {process.returncode})\n{process.stderr.read()[-2000:]}")
    sys.exit(1)


def median_start(command: list[str], folder: Path, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        check(" ".join(command[-3:]), run(command, folder), quietly=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def window_shown(command: list[str], folder: Path, repeat: int = 5) -> float:
    """Median time from launch until a visible window named Chronology is on the screen (the
    display in DISPLAY, watched with xdotool): the bundle and ``python main.py`` alike."""
    env = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"),
           "XDG_CONFIG_HOME": str(folder / "config")}
    env.pop("QT_QPA_PLATFORM", None)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Chronology"], check=True,
                           capture_output=True, timeout=60)
            times.append(time.perf_counter() - start)
        finally:
            process.kill()
            process.wait()
    return statistics.median(times)


def folder_size(folder: Path) -> int:
    """The bytes the folder's files take, each counted once: PyInstaller links a library to where
    it is also looked for (beside the executable) rather than copying it there."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def build_setting(name: str):
    """One of packaging/build.py's settings (what it leaves out, the console twin's name)."""
    sys.path.insert(0, str(ROOT / "packaging"))
    import build
    return getattr(build, name)


def nothing_left_out_is_there(folder: Path) -> None:
    """The files build.py leaves out (Qt's VNC and TUIO plugins among them) are not in the bundle."""
    left_out = build_setting("left_out")
    found = sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if left_out(path.relative_to(folder)))
    if found:
        print("FAILED: the bundle holds files it should leave out:\n  " + "\n  ".join(found[:20]))
        sys.exit(1)
    print("ok: nothing the app never uses (Qt's network-listening plugins among them) is in the bundle")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--window-timing", action="store_true",
                        help="also time the window's start (needs a display in DISPLAY, Xvfb will do, and xdotool)")
    args = parser.parse_args()
    executable = args.dist / "Chronology" / ("Chronology.exe" if sys.platform == "win32" else "Chronology")
    if not executable.is_file():
        print(f"FAILED: no bundle at {executable}: build it with packaging/build.py")
        return 1
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        from chronology import __version__
        said = check("--version", run([str(executable), "--version"], folder))
        if said.strip() != f"Chronology {__version__}":
            print(f"FAILED: --version said {said!r}")
            return 1
        twin = build_setting("CONSOLE_TWIN")
        if twin:  # on Windows, the console twin beside the windowed app
            said = check(f"{twin} --version", run([str(executable.with_name(twin + executable.suffix)), "--version"],
                                                  folder))
            if said.strip() != f"Chronology {__version__}":
                print(f"FAILED: {twin} --version said {said!r}")
                return 1
        check("demo", run([str(executable), "demo", "--db", "case.db", "--children", "3"], folder))
        ref = check("children", run([str(executable), "children", "--db", "case.db", "--json"], folder))
        child = json.loads(ref)[0]["ref"]
        flags = json.loads(check("flags --json", run([str(executable), "flags", "--db", "case.db", "--child", child,
                                                       "--json"], folder)))
        if not flags:
            print("FAILED: the demo child has no flags")
            return 1
        check("a PDF export", run([str(executable), "export", "--db", "case.db", "--child", child, "--pdf",
                                   "out.pdf"], folder))
        if not (folder / "out.pdf").read_bytes().startswith(b"%PDF"):
            print("FAILED: the export is not a PDF")
            return 1
        window_starts(executable, folder)
        nothing_left_out_is_there(executable.parent)
        bundle = median_start([str(executable), "children", "--db", "case.db"], folder)
        source = median_start([sys.executable, str(ROOT / "main.py"), "children", "--db", "case.db"], folder)
        shown = [window_shown([str(executable), "--db", "case.db"], folder),
                 window_shown([sys.executable, str(ROOT / "main.py"), "--db", "case.db"], folder)] \
            if args.window_timing else []
    size = folder_size(executable.parent)
    print(f"| The bundle ({sys.platform}) | {size / 2**20:,.0f} MB on disk | — | — | — |")
    print(f"| Start and run a command (`children`), median of 5 | {bundle * 1000:.0f} ms | — | "
          f"{source * 1000:.0f} ms (`python main.py`, same run) | {bundle / source:.2f}× |")
    if shown:
        print(f"| Start until the window is on screen (median of 5) | {shown[0] * 1000:.0f} ms | — | "
              f"{shown[1] * 1000:.0f} ms (`python main.py`, same run) | {shown[0] / shown[1]:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
