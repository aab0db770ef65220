"""An installed wheel carries everything the app reads (bank holidays, rule settings, the PDF font):
built, installed in a folder of its own, and run from another working folder, it makes a demo
caseload, its flags and a printed chronology."""
import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("setup.cfg", "pyproject.toml", "README.md", "main.py", "chronology", "ui", "resources")


def run(command: list, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_a_wheel_runs_demo_flags_and_a_pdf_from_another_folder(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in PROJECT:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(
            ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                           if (ROOT / name).is_dir() else {}))
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                 str(tmp_path / "wheels"), str(source)], tmp_path, dict(os.environ))
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "wheels").glob("chronology-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for resource in ("bank-holidays-england-and-wales.csv", "rule-settings.json", "fonts/DejaVuSans.ttf",
                     "fonts/LICENSE-DejaVu.txt", "icons/chronology.svg", "agency-words.json", "guide/user-guide.html",
                     "guide/images/main-window.png"):
        assert f"chronology/resources/{resource}" in names

    # An environment of its own: the wheel installed alone, the other packages taken from this one's
    # (a path line in a .pth file: this environment's own editable install is not loaded).
    target = tmp_path / "installed"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    tmp_path, dict(os.environ)).stdout.strip())
    installed = run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(site),
                     str(wheel)], tmp_path, dict(os.environ))
    assert installed.returncode == 0, installed.stderr
    import sqlite_utils
    (site / "dependencies.pth").write_text(str(Path(sqlite_utils.__file__).parents[1]) + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "CHRONOLOGY_PASSPHRASE": "a wheel test passphrase", "PYTHONPATH": ""}
    cli = [str(python), "-c", "import sys; from chronology.cli import main; sys.exit(main())"]
    where = run(cli[:2] + ["import chronology, chronology.resources_path as r; "
                           "print(chronology.__file__); print(r.resources_folder())"], elsewhere, env)
    assert where.returncode == 0 and str(site) in where.stdout and str(ROOT) not in where.stdout, where
    demo = run(cli + ["demo", "--db", "case.db", "--children", "4"], elsewhere, env)
    assert demo.returncode == 0, demo.stderr
    children = json.loads(run(cli + ["children", "--db", "case.db", "--json"], elsewhere, env).stdout)
    flags = run(cli + ["flags", "--db", "case.db", "--child", children[0]["ref"], "--json"], elsewhere, env)
    assert flags.returncode == 0 and json.loads(flags.stdout), flags.stderr
    printed = run([*cli, "export", "--db", "case.db", "--child", children[0]["ref"], "--pdf", "out.pdf"],
                  elsewhere, env)
    assert printed.returncode == 0, printed.stderr
    document = (elsewhere / "out.pdf").read_bytes()
    assert document.startswith(b"%PDF") and b"DejaVuSans" in document
