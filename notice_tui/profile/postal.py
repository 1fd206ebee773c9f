"""The postal town of a Norwegian postal code, from a table shipped with the program.

No package on PyPI carries Posten's register (as of 2026-12: pgeocode fetches
GeoNames data over the network at run time, dknorway is a Django import script),
so an excerpt of the register ships beside this module (postal_codes.tsv, its
source named there). The wizard and `set` fill in an empty town from it; a code
it does not know fills in nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from importlib.resources import files
from typing import Any

_CODE = re.compile(r"\d{4}")


@functools.cache
def _table() -> tuple[dict[str, str], list[tuple[int, int, str]]]:
    codes: dict[str, str] = {}
    ranges: list[tuple[int, int, str]] = []
    text = files("notice_tui.profile").joinpath("postal_codes.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, town = line.split("\t")
        first, _sep, last = code.partition("-")
        if last:
            ranges.append((int(first), int(last), town))
        else:
            codes[first] = town
    return codes, ranges


def town_for(code: str) -> str | None:
    """The postal town of a four-digit code ("0150" -> "Oslo"), or None when unknown."""
    code = str(code).strip()
    if not _CODE.fullmatch(code):
        return None
    codes, ranges = _table()
    if code in codes:
        return codes[code]
    number = int(code)
    return next((town for first, last, town in ranges if first <= number <= last), None)


def fill_town(
    path: str, get: Callable[[str], Any], put: Callable[[str, str], Any]
) -> tuple[str, str] | None:
    """After `path` (an `...address.postal_code`) was set: write the town of the code
    beside it when that is empty. Returns (the town's key path, the town) when it did."""
    if not path.endswith("address.postal_code"):
        return None
    town = town_for(str(get(path) or ""))
    city = path.removesuffix("postal_code") + "city"
    current = get(city)
    if town is None or (current is not None and str(current).strip()):
        return None
    put(city, town)
    return city, town
