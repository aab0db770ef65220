"""The window acts on the caseload through the store and the operations, never underneath them:
no ui module imports the connection's modules or reaches for a store's connection."""
import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
#: Where the connection is made and its driver chosen: the core's business alone.
BENEATH_THE_STORE = {"chronology.db", "chronology.driver", "chronology.migrations", "sqlite3", "sqlcipher3",
                     "sqlite_utils"}


def reaches_beneath(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name.split(".")[0] in BENEATH_THE_STORE
                      or a.name in BENEATH_THE_STORE]
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            if module in BENEATH_THE_STORE or module.split(".")[0] in BENEATH_THE_STORE:
                found.append(f"imports from {module}")
            if module == "chronology":
                found += [f"imports chronology.{a.name}" for a in node.names if f"chronology.{a.name}" in
                          BENEATH_THE_STORE]
        elif isinstance(node, ast.Attribute) and node.attr == "db" and not (
                isinstance(node.value, ast.Name) and node.value.id == "args"):  # the --db option
            found.append(f"line {node.lineno}: .db")
    return found


def test_no_ui_module_reaches_beneath_the_store():
    offenders = {path.name: reaches_beneath(path) for path in UI.glob("*.py")}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The check above can fail: a module written as the window's modules once were is caught."""
    sample = tmp_path / "sample.py"
    sample.write_text("from chronology.db import explain\nfrom chronology import db\n"
                      "rows = caseload(self.store.db, '')\n", encoding="utf-8")
    assert reaches_beneath(sample) == ["imports from chronology.db", "imports chronology.db", "line 3: .db"]
