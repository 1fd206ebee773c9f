"""Loading the catalogue shipped in notice_tui/catalog/data, and looking things up in it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from notice_tui import cache as cache_folder
from notice_tui.profile.text import fold

from .model import KIND_LABELS, CatalogCookie, CatalogError, Service

_PUNCTUATION = re.compile(r"[^0-9a-zæøå]+")
_WORD_BREAK = r"[\s/().,-]"
# A hit on the legal entity ranks below every hit on a name or alias.
_ENTITY_PENALTY = 10
# A hit on the kind ("booking", "betaling") ranks below every hit on a name or
# alias, and above hits on the legal entity, which are mostly by-catch.
_KIND_PENALTY = 5
# Below this length a query matches a kind only whole: the wizard searches from
# the second keystroke, and "e-" would otherwise offer every e-mail service.
_KIND_MIN_PREFIX = 3
# The shape of the pickled Service and CatalogCookie. The cache is keyed by the
# data files' contents, but a new field with unchanged data (or an old pickle
# left by an older version) would unpickle into objects missing attributes.
# Bump this whenever a field of either class is added, removed or changes meaning.
CACHE_FORMAT = 3


def _compact(text: str) -> str:
    # "one.com", "One com" and "onecom" should all find One.com.
    return _PUNCTUATION.sub("", text.casefold())


@dataclass(frozen=True)
class Catalog:
    """An immutable set of services with name, search and cookie lookups."""

    services: tuple[Service, ...]
    _by_name: dict[str, Service] = field(init=False, repr=False, compare=False)
    _exact_cookies: dict[str, tuple[Service, CatalogCookie]] = field(
        init=False, repr=False, compare=False
    )
    _folded_cookies: dict[str, tuple[Service, CatalogCookie]] = field(
        init=False, repr=False, compare=False
    )
    _pattern_cookies: tuple[tuple[Service, CatalogCookie], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_name: dict[str, Service] = {}
        for svc in self.services:
            for name in svc.names:
                key = fold(name)
                if key in by_name and by_name[key] is not svc:
                    raise CatalogError(
                        f"name {name!r} of {svc.name!r} is already used by {by_name[key].name!r}"
                    )
                by_name[key] = svc
        exact: dict[str, tuple[Service, CatalogCookie]] = {}
        folded: dict[str, tuple[Service, CatalogCookie]] = {}
        patterns: list[tuple[Service, CatalogCookie]] = []
        for svc in self.services:
            for cookie in svc.cookies:
                if cookie.is_pattern:
                    patterns.append((svc, cookie))
                else:
                    # First one wins; the tests keep cookie names unique anyway.
                    exact.setdefault(cookie.name, (svc, cookie))
                    folded.setdefault(cookie.name.casefold(), (svc, cookie))
        # The most specific pattern should win: "_ga_*" before a hypothetical "_g*".
        patterns.sort(key=lambda pair: len(pair[1].name.replace("*", "")), reverse=True)
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_exact_cookies", exact)
        object.__setattr__(self, "_folded_cookies", folded)
        object.__setattr__(self, "_pattern_cookies", tuple(patterns))

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services)

    def __len__(self) -> int:
        return len(self.services)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.find(name) is not None

    def find(self, name: str) -> Service | None:
        """The service whose name or alias is `name`, ignoring case and extra spaces."""
        return self._by_name.get(fold(name))

    def by_kind(self, kind: str) -> tuple[Service, ...]:
        """Services of one kind ("analytics", "crm" ...), sorted by name."""
        return tuple(
            sorted((s for s in self.services if s.kind == kind), key=lambda s: fold(s.name))
        )

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds that have at least one service, in first-seen order."""
        return tuple(dict.fromkeys(s.kind for s in self.services))

    def search(self, query: str, limit: int | None = None) -> list[Service]:
        """Services matching `query`, best first; every service for an empty query.

        Ranking, best first: exact name or alias; name or alias starting with
        the query; a word in it starting with the query; the query anywhere in
        it. Then services whose kind the query names, by its key or its label
        in any UI language, whole or at a word start ("booking", "betaling",
        "frakt"), so a user can ask for a kind in the words of either
        language. Below all of those come services whose legal entity matches
        whole or at a word start (so "Rocket Science" finds Mailchimp and
        "Goo" also offers YouTube). Ties sort by name, so results are stable
        for the UI.
        """
        q = fold(query)
        if not q:
            ranked = sorted(self.services, key=lambda s: fold(s.name))
            return ranked[:limit] if limit is not None else ranked
        qc = _compact(query)
        by_kind = {kind: _kind_score(q, qc, words) for kind, words in _kind_words().items()}
        scored: list[tuple[int, str, Service]] = []
        for svc in self.services:
            scores = [_score(q, qc, name, base=0) for name in svc.names]
            scores.append(by_kind.get(svc.kind))
            scores.append(_score(q, qc, svc.entity, base=_ENTITY_PENALTY))
            found = [s for s in scores if s is not None]
            if found:
                scored.append((min(found), fold(svc.name), svc))
        scored.sort(key=lambda item: (item[0], item[1]))
        result = [svc for _, _, svc in scored]
        return result[:limit] if limit is not None else result

    def match_cookie(self, cookie_name: str) -> tuple[Service, CatalogCookie] | None:
        """The service and catalogue cookie that a scanned cookie name belongs to.

        Exact names first (then the same ignoring case, since scanners and
        spreadsheets do not always keep it), then `*` patterns, most specific first.
        """
        name = cookie_name.strip()
        if not name:
            return None
        hit = self._exact_cookies.get(name) or self._folded_cookies.get(name.casefold())
        if hit is not None:
            return hit
        for svc, cookie in self._pattern_cookies:
            if cookie.matches(name):
                return svc, cookie
        return None


def _score(q: str, qc: str, text: str, base: int) -> int | None:
    t = fold(text)
    tc = _compact(text)
    if q == t or (qc and qc == tc):
        return base + 0
    if t.startswith(q) or (qc and tc.startswith(qc)):
        return base + 1
    # The query starts at a word inside the text ("analytics", "rocket science").
    if re.search(f"{_WORD_BREAK}{re.escape(q)}", t):
        return base + 2
    # Plain substrings only for names: in entity names they mostly find noise
    # ("ana" in "Recman AS"), and the compact form would glue words together.
    if base < _ENTITY_PENALTY and q in t:
        return base + 3
    return None


@cache
def _kind_words() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each kind's key and its label in every UI language, folded and compacted.

    Both languages at once, whatever the UI speaks: a consultant running the
    CLI in English may still type "betaling", and a Norwegian user "booking".
    Built on the first search, so loading the catalogue for `render` never
    reads a translation it does not need.
    """
    from notice_tui import i18n

    words: dict[str, tuple[tuple[str, str], ...]] = {}
    for kind, label in KIND_LABELS.items():
        # i18n keeps one catalogue per language, read once per process; the UI's
        # own `_` would give only the current language.
        forms = [kind, label, *(i18n.translations(lang).gettext(label) for lang in i18n.SUPPORTED)]
        words[kind] = tuple(dict.fromkeys((fold(f), _compact(f)) for f in forms))
    return words


def _kind_score(q: str, qc: str, words: tuple[tuple[str, str], ...]) -> int | None:
    best: int | None = None
    for t, tc in words:
        if q == t or (qc and qc == tc):
            return _KIND_PENALTY
        if len(q) >= _KIND_MIN_PREFIX and (
            t.startswith(q)
            or (qc and tc.startswith(qc))
            or re.search(f"{_WORD_BREAK}{re.escape(q)}", t)
        ):
            best = _KIND_PENALTY + 1
    return best


def _data_files(root: Traversable) -> list[Traversable]:
    return sorted(
        (f for f in root.iterdir() if f.is_file() and f.name.endswith(".yaml")),
        key=lambda f: f.name,
    )


def load_services(files_: Iterable[Traversable]) -> list[Service]:
    """Parse data files into services, in file then entry order."""
    yaml = YAML(typ="safe")
    services: list[Service] = []
    for data_file in files_:
        try:
            entries = yaml.load(data_file.read_text(encoding="utf-8"))
        except YAMLError as exc:
            raise CatalogError(f"{data_file.name}: not valid YAML: {exc}") from exc
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise CatalogError(f"{data_file.name}: expected a list of services")
        for index, raw in enumerate(entries):
            services.append(Service.from_dict(raw, f"{data_file.name}[{index}]"))
    return services


def data_dir() -> Traversable:
    """The packaged data directory (works from a checkout, a wheel or a zip)."""
    return files("notice_tui.catalog") / "data"


def _cache_file(files_: list[Traversable]) -> Path | None:
    """Where a parsed copy lives, named by what it was parsed from."""
    if not cache_folder.enabled():
        return None  # without reading the files for a digest nobody needs
    parts: list[str | bytes] = [str(CACHE_FORMAT)]
    for f in files_:
        parts += [f.name, f.read_bytes()]
    return cache_folder.entry("catalog", "services", *parts)


_SERVICE_FIELDS = frozenset(f.name for f in dataclasses.fields(Service))
_COOKIE_FIELDS = frozenset(f.name for f in dataclasses.fields(CatalogCookie))


def _current_shape(services: object) -> bool:
    """True when an unpickled value is a tuple of today's Service objects, all fields set.

    Pickle restores an object's __dict__ as it was saved, without calling
    __init__, so a copy written by another version of the class loads without
    error and fails later on a missing attribute; the format version in the file
    name should prevent that, and this catches a forgotten bump.
    """
    if not isinstance(services, tuple):
        return False
    for svc in services:
        if not isinstance(svc, Service) or vars(svc).keys() != _SERVICE_FIELDS:
            return False
        if not all(
            isinstance(c, CatalogCookie) and vars(c).keys() == _COOKIE_FIELDS for c in svc.cookies
        ):
            return False
    return True


@cache
def load_catalog() -> Catalog:
    """The shipped catalogue, parsed once per process and kept parsed between runs.

    Parsing and checking 14 YAML files costs more than the rest of a `render`;
    the cached copy is keyed by the files' contents, so an edit is never missed.
    """
    files_ = _data_files(data_dir())
    cached = _cache_file(files_)
    services = cache_folder.load(cached)
    if _current_shape(services):
        return Catalog(services)  # type: ignore[arg-type]
    parsed = tuple(load_services(files_))
    cache_folder.store(cached, parsed)
    return Catalog(parsed)
