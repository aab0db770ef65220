"""Where the app's resources are: one answer, for a checkout, an installed wheel or a bundle.

The folder ``resources/`` is installed as the package ``chronology.resources`` and read through
``importlib.resources``, so that a wheel or a bundle runs from any working folder. A checkout
that is not installed reads the folder beside the package."""
from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import lru_cache
from importlib import resources
from pathlib import Path

_extracted = ExitStack()
atexit.register(_extracted.close)


@lru_cache(maxsize=1)
def resources_folder() -> Path:
    """The resources as a folder on disk (fonts and tables are opened by path)."""
    try:
        found = resources.files("chronology.resources")
    except ModuleNotFoundError:  # a checkout used without installing it
        return Path(__file__).resolve().parents[1] / "resources"
    if isinstance(found, Path):
        return found
    return _extracted.enter_context(resources.as_file(found))  # a zip: unpacked once, for the process


def resource_path(*parts: str) -> Path:
    """One resource: ``resource_path("fonts", "DejaVuSans.ttf")``."""
    return resources_folder().joinpath(*parts)
