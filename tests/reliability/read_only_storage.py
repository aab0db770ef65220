"""A caseload on storage that cannot be written (a read-only disk, a locked-down share): every
command that only reads works, every command that would write says the place cannot be written —
none says the passphrase is wrong. Needs Linux and root (it mounts a read-only view with unshare).

    sudo python tests/reliability/read_only_storage.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "a read-only harness passphrase"
COMMANDS = {"children": [], "flags": ["--child", "C000011"], "verify": [],
            "export": ["--child", "C000011", "--csv", "{work}/out.csv"], "backup": ["--to", "{work}/backups"],
            "add-child": ["--ref", "Z9", "--name", "Zed"], "passphrase": []}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source, view = work / "caseload", work / "read-only"
        source.mkdir()
        view.mkdir()
        env = {**os.environ, "CHRONOLOGY_PASSPHRASE": PASSPHRASE, "CHRONOLOGY_NEW_PASSPHRASE": "another long one"}
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", str(source / "case.db"),
                        "--children", "3"], env=env, check=True, capture_output=True)
        script = " && ".join([f"mount --bind {source} {view}", f"mount -o remount,ro,bind {view}"] + [
            f"{sys.executable} {ROOT / 'main.py'} {name} --db {view / 'case.db'} "
            + " ".join(arg.format(work=work) for arg in args) + f"; echo '<<{name}:'$?'>>' 1>&2"
            for name, args in COMMANDS.items()])
        result = subprocess.run(["unshare", "-m", "sh", "-c", script], env=env, capture_output=True, text=True)
        wrong, outcomes = 0, {}
        for name in COMMANDS:
            said = result.stderr.split(f"<<{name}:")[0].rsplit(">>", 1)[-1].strip()
            code = result.stderr.split(f"<<{name}:")[1].split(">>")[0]
            outcomes[name] = (code, said.splitlines()[-1] if said else "")
            wrong += ("passphrase" in said.casefold() and name != "passphrase") or "wrong" in said.casefold()
        for name, (code, said) in outcomes.items():
            print(f"{name:10} exit {code}  {said[:150]}")
        print(f"\n{len(COMMANDS)} commands on a read-only mount; {wrong} said the passphrase was wrong")
        return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
