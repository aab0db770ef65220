"""Fuzz the importer with atheris: coverage-guided, for as long as you let it run.

    python -m pip install atheris        # wheels for Linux and macOS; it does not install on Windows
    python tests/reliability/fuzz_import.py -runs=1000000 [-max_total_time=SECONDS]

Each input is read as an interchange CSV and held to the promise the test suite checks with
hypothesis (``tests/chronology/test_import_fuzz.py``): events, or a refusal that names the line
(and column) of every problem; any other exception, or a hang, is a failure that atheris reports
with the input that caused it. Starts from a good file, so that mutations reach the row checks.
libFuzzer's last line gives the figure for docs/reliability.md ("Done N runs in S second(s)").
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports(include=["chronology"]):
    from chronology import dates, interchange, model, vocabulary  # noqa: F401 - instrumented for coverage

from tests.chronology.test_import_fuzz import GOOD, check_reading  # noqa: E402

#: Pieces of the format worth splicing in: mutations find the date and vocabulary paths sooner.
TOKENS = ['"', '""', ",", ";", "\r\n", "c. ", "before ", "after ", "?", "/", "14/03/2017", "March 2017",
          "key;red", "amber", "neglect", "was_not_brought", "yes", "no", "A1;A2", "'=", "\ufeff"]


def _escaped(token: str) -> str:
    """A token as libFuzzer's dictionary format spells it: printable ASCII, or \\xNN."""
    return "".join(chr(byte) if 32 <= byte < 127 and byte not in b'"\\' else f"\\x{byte:02x}"
                   for byte in token.encode("utf-8"))


def main() -> None:
    corpus = Path(tempfile.mkdtemp(prefix="chronology-fuzz-"))
    (corpus / "good.csv").write_bytes(GOOD)
    dictionary = corpus / "tokens.dict"
    dictionary.write_text("".join(f'"{_escaped(token)}"\n' for token in TOKENS), encoding="ascii")
    arguments = [*sys.argv, f"-dict={dictionary}", str(corpus)]
    atheris.Setup(arguments, check_reading)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
