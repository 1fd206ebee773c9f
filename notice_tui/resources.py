"""Where the templates and catalogs live, installed or in a source checkout.

`pip install .` puts them inside the package (see hatch_build.py); running from
a checkout finds them beside the package instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


@cache
def templates_dir() -> Path:
    return _first_existing(PACKAGE_DIR / "templates", REPO_DIR / "templates")


@cache
def locales_dir() -> Path:
    return _first_existing(PACKAGE_DIR / "locales", REPO_DIR / "locales")


@cache
def samples_dir() -> Path:
    return _first_existing(PACKAGE_DIR / "sample_profiles", REPO_DIR / "sample_profiles")
