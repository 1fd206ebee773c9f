"""One open profile in the wizard: its tree, its findings, and every edit the forms make.

Edits go into the ruamel tree through key paths, so comments, key order and
quoting of a hand-written file survive; the findings come from the library's
analysis, never from rules of the wizard's own. Nothing here imports Textual,
so the editing rules can be tested without a screen.
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import datetime as dt
import functools
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from notice_tui import questionnaire as qn
from notice_tui import recovery
from notice_tui.findings import Finding, Severity, has_errors
from notice_tui.pipeline import Analysis
from notice_tui.profile import edit, model, paths
from notice_tui.profile.durations import from_words
from notice_tui.profile.store import ProfileDocument, load, new_tree, parse_text
from notice_tui.profile.text import tidy_answer
from notice_tui.recent import add_recent

if TYPE_CHECKING:
    from notice_tui.catalog import Service
    from notice_tui.catalog.apply import AddReport, ImportReport


def parent_of(path: str) -> tuple[str, str | int]:
    """("website.cookies[2]", "name") for "website.cookies[2].name"."""
    parts = paths.parse(path)
    return paths.format_path(parts[:-1]), parts[-1]


# Keys where a plain text is shorthand for {description: text}.
_DESCRIBED = ("automated_decisions", "sensitive_data")
# Asked as No / Yes: an absent key is unanswered, and the notice may say "no" only
# after a no; a yes is the mapping its description goes in.
_YES_NO_DESCRIBED = frozenset({"automated_decisions"})


def _empty(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, list) and not value)
    )


def _is_module_path(path: str) -> bool:
    return path in model.MODULE_KEYS


_Edit = TypeVar("_Edit", bound=Callable[..., Any])


def _edits(method: _Edit) -> _Edit:
    """A Session method that changes the tree: it works on the full read (`doc`), never
    on the fast read the first frame was shown from."""

    @functools.wraps(method)
    def edit(self: Session, *args: Any, **kwargs: Any) -> Any:
        self.read_in_full()
        return method(self, *args, **kwargs)

    return cast(_Edit, edit)


class Session:
    """The profile being edited, and what the wizard knows about it."""

    def __init__(
        self,
        doc: ProfileDocument,
        *,
        is_new: bool = False,
        dirty: bool = False,
        today: dt.date | None = None,
        check: bool = True,
    ) -> None:
        """`check=False` leaves reading the model and running the rules for later
        (`take_first_check`): the wizard shows its first frame without waiting for them."""
        # A fast read (`Session.open(check=False)`) until `doc` is first asked for:
        # reading shows the first frame, and the round-trip read, which edits and saves
        # need, follows it (`read_in_full`).
        self._doc = doc
        self.is_new = is_new
        self.dirty = dirty
        self.today = today
        self.revision = 0
        # Bumped when the profile changes shape (rows, switches, supplier names), which
        # can change what other steps' forms show; the wizard rebuilds those forms then.
        self.structure_rev = 0
        self.recovery_key = recovery.key_for(doc.path)
        # Values a toggle switched off, kept so switching it on again restores them.
        self.stash: dict[str, Any] = {}
        # Steps switched on that have nothing in the profile yet (an empty list).
        self.forced_on: set[str] = set()
        self.visited: set[str] = set()
        # In a new profile, a step's findings show once the user has left it (or asked
        # for the review), and a field's as soon as it is edited: an empty form that
        # opens full of red errors reads as "you did something wrong".
        self.revealed: set[str] = set()
        self.touched: set[str] = set()
        # Keys emptied while typing: their old value (for its quoting), comment and place,
        # so retyping puts back the same line, not a restyled one at the end.
        self._cleared: dict[str, tuple[Any, Any, int]] = {}
        # Analyses asked for and the newest applied, so an older one never replaces it.
        self._requests = 0
        self._applied = 0
        # True while the profile has not been checked yet (`check=False`): nothing is
        # known of it, so every step is "checking", none done, none with a problem.
        self.rules_pending = False
        self._first_check_due = False
        self.analysis: Analysis = self._first_analysis(check)

    # -- opening ------------------------------------------------------------------------

    @classmethod
    def new(cls, today: dt.date | None = None) -> Session:
        return cls(ProfileDocument(tree=new_tree("", "")), is_new=True, today=today)

    @classmethod
    def open(
        cls,
        path: Path,
        today: dt.date | None = None,
        loaded: ProfileDocument | None = None,
        remember: bool = True,
        check: bool = True,
    ) -> Session:
        """Raises ProfileError when the file is not a profile at all.

        `loaded` is the file as read a moment ago, to save reading it again;
        `remember=False` leaves adding it to the recent files to the caller; `check`
        is the Session's, and `check=False` also reads the file with the fast reader,
        leaving the round-trip read for `read_in_full`.
        """
        doc = loaded if loaded is not None else load(path, fast=not check)
        session = cls(doc, today=today, check=check)
        if remember:
            add_recent(path)
        return session

    @classmethod
    def from_sample(cls, path: Path, today: dt.date | None = None) -> Session:
        """A new, unsaved profile that starts as a copy of a sample."""
        doc = load(path)
        doc.path = None
        doc.original_text = None
        return cls(doc, is_new=True, dirty=True, today=today)

    @classmethod
    def from_client(cls, path: Path, today: dt.date | None = None) -> Session:
        """A new profile with another client's answers but none of its identity.

        The controller (name, number, address, contacts, DPO), the website's
        address, the document's date and version and the file's opening comment
        (which usually names the client) are left behind.
        """
        doc = load(path)
        tree = doc.tree
        fresh = new_tree("", "")
        tree["controller"] = fresh["controller"]
        for key in ("last_updated", "version_label"):
            if key in tree:
                del tree[key]
        website = tree.get("website")
        if isinstance(website, MutableMapping):
            if "url" in website:
                website["url"] = ""
            if "cookies_reviewed" in website:
                del website["cookies_reviewed"]
        with contextlib.suppress(AttributeError, TypeError, IndexError):
            comment = tree.ca.comment
            if comment and len(comment) > 1:
                comment[1] = None
        fresh_doc = ProfileDocument(tree=tree, indent=doc.indent)
        return cls(fresh_doc, is_new=True, dirty=True, today=today)

    @classmethod
    def from_recovery(cls, found: recovery.Recovery, today: dt.date | None = None) -> Session:
        """Unsaved work brought back; it stays unsaved until the user saves it."""
        doc = parse_text(found.text, str(found.profile_path or found.yaml_file))
        doc.path = found.profile_path
        # The file as it was when the work began: a save asks first if it changed since.
        doc.disk = found.base
        session = cls(doc, is_new=found.profile_path is None, dirty=True, today=today)
        session.recovery_key = found.key
        return session

    # -- facts ----------------------------------------------------------------------------

    @property
    def doc(self) -> ProfileDocument:
        """The profile as a file, read in full: what is edited and saved."""
        if self._doc.read_only:
            self.read_in_full()
        return self._doc

    def read_in_full(self) -> None:
        """Read the file with the round-trip reader (comments, layout), if it was read
        fast. The wizard does this once its first frame is on screen: the round-trip
        read takes about ten times as long as the fast one (57 against 6 ms for the
        largest sample, on the machine of scripts/bench.py). Both give the same values
        (tests/test_attack_fuzz.py holds the readers to it), so what was shown from the
        fast read stays true."""
        if self._doc.read_only:
            self._doc = self._doc.read_in_full()

    @property
    def path(self) -> Path | None:
        return self._doc.path

    @property
    def name(self) -> str:
        value = paths.get(self._shown, "controller.name")
        return str(value).strip() if isinstance(value, str) else ""

    @property
    def tree(self) -> Any:
        """The tree to edit."""
        return self.doc.tree

    @property
    def _shown(self) -> Any:
        """The tree to read a value from for the screen: the fast read will do."""
        return self._doc.tree

    def get(self, path: str, default: Any = None) -> Any:
        try:
            parent_path, key = parent_of(path)
        except paths.PathError:
            return default
        if (
            key == "description"
            and parent_path in _DESCRIBED
            and isinstance(paths.get(self._shown, parent_path), str)
        ):
            # automated_decisions: "text" is shorthand for {description: text}.
            return paths.get(self._shown, parent_path)
        if path in _YES_NO_DESCRIBED:
            value = paths.get(self._shown, path, default)
            if isinstance(value, Mapping) or (isinstance(value, str) and value.strip()):
                return True
            return value
        return paths.get(self._shown, self._in_own_language(path), default)

    def _in_own_language(self, path: str) -> str:
        """A text given per language (`purpose: {nb: ..., en: ...}`) is asked and answered
        in the profile's own language; the other languages' texts stay as they are."""
        tree = self._shown
        node = paths.get(tree, path, None)
        if isinstance(node, Mapping) and node and all(k in model.LANGUAGES for k in node):
            own = tree.get("language") if isinstance(tree, Mapping) else None
            return f"{path}.{own if own in model.LANGUAGES else 'nb'}"
        return path

    # -- editing ----------------------------------------------------------------------------

    def _touch(self) -> None:
        self.dirty = True
        self.revision += 1

    def _reshape(self) -> None:
        self.structure_rev += 1

    @_edits
    def answer(self, path: str, value: Any) -> bool:
        """Write one answer. An empty answer removes an optional key. True if anything changed."""
        self.touched.add(path)
        if path.startswith("processors[") and path.endswith("].name"):
            self._reshape()  # the supplier pickers of other steps list this name
        question = qn.question_for(path)
        if question is not None and question.kind == "duration" and isinstance(value, str):
            # "3 år" is the period 3y: saved in the form every tool reads, as `set` does.
            value = from_words(value) or value
        if isinstance(value, str):
            value = tidy_answer(value, question.kind if question else "text")
        path = self._in_own_language(path)
        required = bool(question and question.required)
        current = self.get(path, paths.MISSING)
        if _empty(value):
            if current is paths.MISSING:
                return False
            if required and isinstance(value, str) and isinstance(current, str):
                if current == "":
                    return False
                # Kept as an empty text so the key stays where it was; the
                # analysis says it must not be empty.
                self._write(path, "")
                return True
            self._remove(path)
            return True
        if current is not paths.MISSING and _same(current, value):
            return False
        if current is paths.MISSING and path in self._cleared:
            self._restore(path, value)
            return True
        if isinstance(current, CommentedSeq) and isinstance(value, list):
            # In place, so the list keeps its style and the comments around it.
            current[:] = list(value)
            self._touch()
            return True
        if path in _YES_NO_DESCRIBED and value is True:
            # A yes opens the mapping the description is written into.
            self._write(path, CommentedMap())
            return True
        if (
            current is paths.MISSING
            and question is not None
            and question.kind == "bool"
            and value is False
            and not question.default
        ):
            # An absent yes/no already means no; writing "false" adds nothing.
            return False
        self._write(path, _styled(current, value))
        return True

    def _write(self, path: str, value: Any) -> None:
        parent_path, key = parent_of(path)
        parent = self._ensure(parent_path)
        if isinstance(key, int):
            paths.set_value(self.tree, path, value)
        elif isinstance(parent, CommentedMap) and key not in parent:
            edit.insert_key(parent, key, value, parent_path)
        else:
            parent[key] = value
        self._touch()

    def _ensure(self, path: str) -> Any:
        """The mapping at `path`, made (in reading order) when missing."""
        if not path:
            return self.tree
        node = paths.get(self.tree, path)
        if isinstance(node, (Mapping, list)):
            return node
        parent_path, key = parent_of(path)
        parent = self._ensure(parent_path)
        fresh = CommentedMap()
        if isinstance(node, str) and node.strip() and path in _DESCRIBED:
            fresh["description"] = node  # "automated_decisions: text" → mapping
        if isinstance(key, int):
            parent[key] = fresh
        elif isinstance(parent, CommentedMap) and key not in parent:
            edit.insert_key(parent, key, fresh, parent_path)
        else:
            parent[key] = fresh
        return fresh

    def _restore(self, path: str, value: Any) -> None:
        old, comment, position = self._cleared.pop(path)
        parent_path, key = parent_of(path)
        parent = self._ensure(parent_path)
        if isinstance(parent, CommentedMap) and isinstance(key, str) and key not in parent:
            parent.insert(min(position, len(parent)), key, _styled(old, value))
            if comment is not None:
                parent.ca.items[key] = comment
            self._touch()
        else:
            self._write(path, _styled(old, value))

    def _remove(self, path: str) -> None:
        parent_path, key = parent_of(path)
        parent = paths.get(self.tree, parent_path) if parent_path else self.tree
        if isinstance(parent, CommentedMap) and isinstance(key, str) and key in parent:
            self._cleared[path] = (parent[key], parent.ca.items.get(key), list(parent).index(key))
        paths.delete(self.tree, path)
        self._touch()
        self._prune(parent_of(path)[0])

    def _prune(self, path: str) -> None:
        """Remove a mapping the last answer was taken out of, unless a toggle made it."""
        while path:
            node = paths.get(self.tree, path)
            if (
                not isinstance(node, Mapping)
                or node
                or path.endswith("]")
                or path in self._toggle_paths()
            ):
                return
            paths.delete(self.tree, path)
            path = parent_of(path)[0]

    @staticmethod
    def _toggle_paths() -> builtins.set[str]:  # `set` in here is Session.set
        found = {p for s in qn.STEPS if s.toggle for p in s.toggle.paths}
        found |= {q.path for s in qn.STEPS for q in s.questions if q.kind == "present"}
        return found

    # -- switches -------------------------------------------------------------------------------

    def is_on(self, path: str) -> bool:
        """A module, optional mapping or list that is present (and not switched off)."""
        value = paths.get(self._shown, path)
        if isinstance(value, Mapping):
            return value.get("enabled", True) is not False
        if isinstance(value, list):
            return bool(value)
        if isinstance(value, str):
            return bool(value.strip())
        return value is True

    def when(self, when: qn.When | None, base: str = "") -> bool:
        """Whether a question's condition holds; `base` is the row of a table column."""
        if when is None:
            return True
        path = f"{base}.{when.path}" if base else when.path
        question = qn.question_for(path)
        if question is not None and question.kind == "present":
            return self.is_on(path)
        return when.test(self.get(path))

    @_edits
    def switch(self, path: str, on: bool) -> None:
        if on == self.is_on(path):
            return
        self._reshape()
        value = paths.get(self.tree, path)
        if on:
            if isinstance(value, MutableMapping) and value.get("enabled") is False:
                del value["enabled"]
            elif path in self.stash:
                self._write(path, self.stash.pop(path))
            elif isinstance(value, (bool, str)):
                self._ensure_fresh(path, value)
            elif value is None:
                self._write(path, CommentedMap())
            self._touch()
            return
        if _is_module_path(path) and isinstance(value, CommentedMap) and value:
            if "enabled" in value:
                value["enabled"] = False
            else:
                edit.insert_key(value, "enabled", False, path)
        else:
            if value is not None and not _empty(value) and value != {}:
                self.stash[path] = copy.deepcopy(value)
            paths.delete(self.tree, path)
        self._touch()

    def _ensure_fresh(self, path: str, value: Any) -> None:
        fresh = CommentedMap()
        if isinstance(value, str) and value.strip():
            fresh["description"] = value
        paths.set_value(self.tree, path, fresh)

    def step_on(self, step: qn.Step) -> bool:
        if step.toggle is None:
            return True
        return step.id in self.forced_on or any(self.is_on(p) for p in step.toggle.paths)

    @_edits
    def set_step_on(self, step: qn.Step, on: bool) -> None:
        if step.toggle is None:
            return
        self._reshape()
        if on:
            if step.toggle.mode == "module":
                for p in step.toggle.paths:
                    self.switch(p, True)
                site = paths.get(self.tree, "controller.website")
                if (
                    step.id == "website"
                    and isinstance(site, str)
                    and site.strip()
                    and not paths.get(self.tree, "website.url")
                ):
                    # Asked once: the address from the first step is the site's.
                    self.answer("website.url", site)
            else:
                for p in step.toggle.paths:
                    if p in self.stash:
                        self.switch(p, True)
                self.forced_on.add(step.id)
        else:
            self.forced_on.discard(step.id)
            for p in step.toggle.paths:
                self.switch(p, False)

    # -- tables ---------------------------------------------------------------------------------

    def rows(self, path: str) -> list[Any]:
        value = paths.get(self._shown, path)
        return list(value) if isinstance(value, list) else []

    @_edits
    def add_row(self, path: str, row: Mapping[str, Any] | None = None) -> int:
        seq = paths.get(self.tree, path)
        if not isinstance(seq, list):
            seq = CommentedSeq()
            self._write(path, seq)
        item = CommentedMap()
        for key, value in (row or {}).items():
            if not _empty(value):
                item[key] = _flow(value)
        edit.append(seq, item)
        self._touch()
        self._reshape()
        return len(seq) - 1

    @_edits
    def remove_row(self, path: str, index: int) -> None:
        seq = paths.get(self.tree, path)
        if isinstance(seq, list) and 0 <= index < len(seq):
            del seq[index]
            self._touch()
            self._reshape()

    @_edits
    def move_row(self, path: str, index: int, delta: int) -> int:
        """Move a row up (-1) or down (+1); returns its new index."""
        seq = paths.get(self.tree, path)
        target = index + delta
        if not isinstance(seq, list) or not (0 <= index < len(seq)) or not (0 <= target < len(seq)):
            return index
        item = seq.pop(index)
        seq.insert(target, item)
        self._touch()
        self._reshape()
        return target

    @_edits
    def paste_rows(self, path: str, text: str) -> int:
        """Add rows from pasted text: one per line, columns split by tabs (or ';').

        A cookie pasted by name alone is filled in from the service catalogue
        when it is a known one.
        """
        question = qn.question_for(path)
        if question is None:
            return 0
        columns = [c for c in question.columns if c.kind not in ("table",)]
        added = 0
        for line in text.splitlines():
            if not line.strip():
                continue
            cells = (
                line.split("\t") if "\t" in line else (line.split(";") if ";" in line else [line])
            )
            cells = [c.strip() for c in cells]
            row: dict[str, Any] = {}
            for col, cell in zip(columns, cells, strict=False):
                if cell:
                    row[col.path] = _parse_cell(col, cell)
            if path == "website.cookies" and len([c for c in cells if c]) == 1:
                row = _cookie_from_catalog(row.get("name", "")) or row
            if row:
                self.add_row(path, row)
                added += 1
        return added

    @_edits
    def import_cookies(self, csv_text: str) -> ImportReport:
        """Merge a cookie scanner's CSV into the cookie list, as `import-cookies` does.

        Raises CsvError, changing nothing, when the text is not such a CSV.
        """
        from notice_tui.catalog.apply import import_cookies

        report = import_cookies(self.tree, csv_text)
        if report.changed:
            self._touch()
            self._reshape()
        return report

    @_edits
    def merge_scan(self, result: Any, items: list[Any]) -> tuple[int, int]:
        """Add the chosen finds of a website scan (notice_tui.scan): the ones the catalogue
        knows as `import-cookies` merges them, the others as rows to complete.
        (cookies merged, rows to complete)"""
        from notice_tui.scan.merge import apply_scan, partial_row, subset

        report = apply_scan(self.tree, subset(result, items))
        unknown = [report.rows[s.line] for s in report.imported.skipped if s.line in report.rows]
        for item in unknown:
            self.add_row(
                "website.cookies", partial_row(item, str(self.get("controller.name") or ""))
            )
        self._touch()
        self._reshape()
        return len(report.imported.added), len(unknown)

    @_edits
    def apply_service(self, path: str, service: Service) -> tuple[AddReport, bool]:
        """Apply a catalogue service picked while typing at `path`, as `add-service` does.

        `path` is a processor row's name, a cookie row's provider or the consent tool.
        The row or field is filled in first; then `add_service` (the CLI's own) adds
        the supplier unless the profile has it already (by name or alias) and the
        service's cookies the site lacks, so wizard and command line agree. A half-typed
        supplier row for a service the profile already has is dropped, not doubled:
        the second value says so.
        """
        # Imported when first needed: the catalogue is not needed to open a profile.
        from notice_tui.catalog.apply import add_service, processor_name

        self._reshape()
        parent, _sep, rest = path.rpartition("[")
        index = int(rest.split("]", 1)[0]) if parent else -1
        existing = processor_name(self._without_row(parent, index), service)
        provider = existing or service.name
        if parent == "processors":
            if existing is not None:
                self.remove_row("processors", index)
            else:
                for key, value in service.as_processor().items():
                    self.answer(f"processors[{index}].{key}", value)
        elif parent == "website.cookies":
            base = f"website.cookies[{index}]"
            self.answer(f"{base}.provider", provider)
            name = str(self.get(f"{base}.name") or "")
            match = next((c for c in service.cookies if name and c.matches(name)), None)
            existing_cookies = {
                str(r.get("name")) for r in self.rows("website.cookies") if isinstance(r, Mapping)
            }
            if match is None and not name:
                match = next((c for c in service.cookies if c.name not in existing_cookies), None)
            if match is not None:
                for key, value in match.as_profile_cookie(provider).items():
                    if key == "name" and name:
                        continue
                    self.answer(f"{base}.{key}", value)
        else:
            self.answer(path, provider)
        report = add_service(self.tree, service)
        if report.changed:
            self._touch()
        return report, existing is not None and parent == "processors"

    def _without_row(self, table: str, index: int) -> Any:
        """The tree as if row `index` of `table` were not there (it is being typed)."""
        if table != "processors" or index < 0:
            return self.tree
        rows = self.rows("processors")
        return {
            "processors": [r for i, r in enumerate(rows) if i != index],
            "website": self.tree.get("website"),
        }

    @_edits
    def add_supplier(self, name: str, systems_path: str) -> str:
        """Add a supplier named where a module says where its data is kept, and tick it.

        A name the catalogue knows is added as `add-service` adds it (with what it
        does, where, and its cookies); another becomes a row with its name, for the
        step Suppliers to complete. Returns the name it goes by in the profile.
        """
        from notice_tui.catalog import load_catalog
        from notice_tui.catalog.apply import add_service, processor_name

        try:
            service = load_catalog().find(name)
        except Exception:  # a broken catalogue must not stop naming a supplier
            service = None
        if service is not None:
            name = processor_name(self.tree, service) or service.name
            add_service(self.tree, service)
            self._touch()
            self._reshape()
        elif not any(n.casefold() == name.casefold() for n in self.processor_names()):
            self.add_row("processors", {"name": name})
        else:
            name = next(n for n in self.processor_names() if n.casefold() == name.casefold())
        chosen = self.get(systems_path)
        chosen = [str(v) for v in chosen] if isinstance(chosen, list) else []
        if name not in chosen:
            self.answer(systems_path, [*chosen, name])
        self._reshape()
        return name

    def processor_names(self) -> list[str]:
        names = []
        for row in self.rows("processors"):
            if isinstance(row, Mapping):
                name = str(row.get("name") or "").strip()
                if name and name not in names:
                    names.append(name)
        return names

    # -- findings ---------------------------------------------------------------------------------

    def _first_analysis(self, check: bool) -> Analysis:
        if check:
            return self._run(self.request_analysis())
        # Reading the model is a third of the first check on the largest sample (the
        # fields' type hints are evaluated on first use), and the first frame shows
        # only the answers, which come from the tree.
        self._first_check_due = True
        self.rules_pending = True
        return Analysis(self._doc, None)

    @property
    def first_check_due(self) -> bool:
        """True while the check `check=False` left for later has not been taken."""
        return self._first_check_due

    def take_first_check(self) -> AnalysisRequest | None:
        """The check that `check=False` left for later, once: the model is read here, the
        rules can run on any thread, and `apply_analysis` takes the result. None when
        there is none, or it was taken."""
        if not self._first_check_due:
            return None
        self._first_check_due = False
        return self.request_analysis()

    def _run(self, request: AnalysisRequest) -> Analysis:
        request.run()
        applied = self.apply_analysis(request)
        assert applied is not None  # nothing could change the profile meanwhile
        return applied

    def analyse(self) -> Analysis:
        """Check the profile as it is now, here and at once (see `request_analysis`)."""
        self._first_check_due = False
        return self._run(self.request_analysis())

    def request_analysis(self) -> AnalysisRequest:
        """Read the profile into the model now; its rules can then run on another thread
        (`AnalysisRequest.run`), since they read only that model, and `apply_analysis`
        takes the result back, unless the profile changed meanwhile.

        While an answer is not usable (a required field emptied, an e-mail half typed)
        the rules cannot run on the whole profile; their findings then stay as they were
        (or, before any complete check, come from the rest of the profile), so the steps
        do not flip to ✓ and back at every keystroke.
        """
        self._requests += 1
        profile, schema = self._doc.parse()  # the fast read gives the same model
        # An analysis still waiting for its rules has no findings of theirs to keep.
        previous = None if self.rules_pending else getattr(self, "analysis", None)
        request = AnalysisRequest(self._requests, self.revision, self._doc, profile, schema)
        if request.valid:
            request.rules = "all"
        elif profile is not None and not (
            previous is not None and (previous.valid or previous.compliance)
        ):
            request.rules = "despite"
        return request

    def apply_analysis(self, request: AnalysisRequest) -> Analysis | None:
        """Make a finished request the session's analysis; None, changing nothing, when it
        is stale: the profile changed since it was read, or a newer one was applied."""
        if request.revision != self.revision or request.number <= self._applied:
            return None
        if request.error is not None:
            raise request.error  # the profile did not change: a real fault in a rule
        analysis = Analysis(request.doc, request.profile, request.schema)
        if request.rules == "all":
            analysis.compliance = request.compliance
        elif request.profile is not None:
            carried = request.compliance if request.rules == "despite" else self.analysis.compliance
            broken = [f.path for f in request.schema if f.severity is Severity.ERROR]
            analysis.compliance = [f for f in carried if not _under_any(f.path, broken)]
        self._applied = request.number
        self.analysis = analysis
        self.rules_pending = False
        return analysis

    @property
    def findings(self) -> list[Finding]:
        return self.analysis.findings

    def findings_at(self, path: str, *, nested: bool = True) -> list[Finding]:
        out = []
        for f in self.findings:
            if f.path == path or (nested and paths.is_under(f.path, path)):
                out.append(f)
        return out

    def step_findings(self, step: qn.Step) -> list[Finding]:
        return [f for f in self.findings if qn.step_for_path(f.path).id == step.id]

    def shows(self, step: qn.Step, finding: Finding) -> bool:
        """Whether a finding is shown yet (see `revealed`)."""
        if not self.is_new or step.id in self.revealed:
            return True
        return any(paths.is_under(finding.path, p) for p in self.touched)

    def reveal_all(self) -> None:
        self.revealed.update(qn.STEP_IDS)

    def step_status(self, step: qn.Step) -> str:
        """ok, problem, skipped, todo or checking: what the step list shows."""
        problems = [f for f in self.step_findings(step) if f.severity is not Severity.HINT]
        if any(self.shows(step, f) for f in problems):
            return "problem"
        if problems:
            return "todo"  # problems not shown yet: the user has not been through it
        if self.rules_pending:
            return "checking"  # the rules may still find something here
        if not self.step_on(step):
            return "skipped" if (step.id in self.visited or not self.is_new) else "todo"
        if self.is_new and step.id not in self.visited:
            return "todo"
        return "ok"

    # -- saving ------------------------------------------------------------------------------------

    def save(self, path: Path | None = None, *, force: bool = False) -> Path:
        """Write the profile (raises SaveError); always writes, like an editor.

        Raises ConflictError, and writes nothing, when the file changed on disk since
        it was opened (another program, a `git pull`), unless `force`.
        """
        old_key = self.recovery_key
        target = self.doc.save(path, force=force)
        self.dirty = False
        self.is_new = False
        recovery.discard(old_key)
        self.recovery_key = recovery.key_for(target)
        recovery.discard(self.recovery_key)
        add_recent(target)
        return target

    def autosave(self) -> None:
        """Write the recovery copy now, here."""
        copy = self.recovery_copy()
        copy.run()
        self.keep_recovery(copy)

    def recovery_copy(self) -> RecoveryCopy:
        """The recovery copy of the profile as it is now, to be made on any thread
        (`RecoveryCopy.run`) and written by `keep_recovery`."""
        return RecoveryCopy(self.revision, self.recovery_key, self.doc, self.name)

    def keep_recovery(self, copy: RecoveryCopy) -> bool:
        """Write a copy made meanwhile, unless it is stale: the profile was edited
        since (the tree may have changed while it was dumped), saved, or saved under
        another name. On the UI thread, so it never lands after a save's discard."""
        if copy.revision != self.revision or copy.key != self.recovery_key or not self.dirty:
            return False
        if copy.error is not None:
            raise copy.error  # the profile did not change meanwhile: a real fault
        assert copy.text is not None
        recovery.write(copy.key, copy.text, self.path, copy.name, base=self.doc.disk)
        return True

    def reloaded(self) -> Session:
        """The profile as it is on disk now: for "reload" after it changed there.
        Raises ProfileError when it is no longer a profile."""
        assert self.path is not None
        session = Session.open(self.path, today=self.today, remember=False)
        session.recovery_key = self.recovery_key
        return session

    def discard_recovery(self) -> None:
        recovery.discard(self.recovery_key)


class RecoveryCopy:
    """The profile's text as it was at `revision`, dumped by `run` on any thread."""

    def __init__(self, revision: int, key: str, doc: ProfileDocument, name: str) -> None:
        self.revision = revision
        self.key = key
        self.doc = doc
        self.name = name
        self.text: str | None = None
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self.text = self.doc.dumps()
        except Exception as exc:  # an edit changed the tree mid-dump, or a real fault
            self.error = exc


class AnalysisRequest:
    """One analysis of the profile as it was at `revision`: the model read from the tree
    at once, the rules (`run`, the costly part) run later, on any thread."""

    def __init__(
        self,
        number: int,
        revision: int,
        doc: ProfileDocument,
        profile: model.Profile | None,
        schema: list[Finding],
    ) -> None:
        self.number = number
        self.revision = revision
        self.doc = doc
        self.profile = profile
        self.schema = schema
        # "all": the profile is valid, so every rule runs; "despite": it is not, and
        # there is nothing earlier to keep, so the rules run on what there is; None:
        # the earlier findings are kept.
        self.rules: str | None = None
        self.compliance: list[Finding] = []
        self.error: Exception | None = None

    @property
    def valid(self) -> bool:
        return self.profile is not None and not has_errors(self.schema)

    def run(self) -> None:
        """Run the rules. They read the model, which nothing else changes; only the
        findings' line numbers are looked up in the tree, which the UI may be changing
        meanwhile: then this result is stale and `apply_analysis` drops it, whatever
        went wrong here."""
        if self.rules is None or self.profile is None:
            return
        from notice_tui.checks import run_checks

        try:
            self.compliance = run_checks(self.profile, self.doc.positions, self.doc.display_name)
        except Exception as exc:
            if self.rules == "all":
                self.error = exc
            # "despite": rules expect a valid profile; this one is half typed, so none


# -- helpers ---------------------------------------------------------------------------------------


def _under_any(path: str, roots: list[str]) -> bool:
    return any(paths.is_under(path, r) for r in roots)


def _same(current: Any, value: Any) -> bool:
    if isinstance(current, list) and isinstance(value, list):
        return [str(v) for v in current] == [str(v) for v in value]
    if isinstance(current, bool) or isinstance(value, bool):
        return current is value
    if isinstance(current, dt.date) or isinstance(value, dt.date):
        return str(current) == str(value)
    return bool(current == value)


def _flow(value: Any) -> Any:
    """Short lists read best inline, as the spec writes them: [navn, e-post]."""
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    return value


def _styled(current: Any, value: Any) -> Any:
    """The new value in the old one's clothes: same quoting, same list style."""
    if (
        isinstance(current, ScalarString)
        and isinstance(value, str)
        and not isinstance(value, ScalarString)
    ):
        return type(current)(value)
    if isinstance(current, CommentedSeq) and isinstance(value, list):
        fresh = CommentedSeq(value)
        if current.fa.flow_style():
            fresh.fa.set_flow_style()
        else:
            fresh.fa.set_block_style()
        return fresh
    return _flow(value)


def _parse_cell(question: qn.Question, cell: str) -> Any:
    if question.kind == "list-of-text":
        return [p.strip() for p in cell.split(",") if p.strip()]
    if question.kind in ("choice", "choice-or-text"):
        folded = cell.casefold()
        for choice in question.choices:
            if folded in (str(choice.value).casefold(), choice.label.casefold()):
                return choice.value
    return cell


def _cookie_from_catalog(name: str) -> dict[str, Any] | None:
    if not name:
        return None
    try:
        from notice_tui.catalog import load_catalog
    except ImportError:
        return None
    try:
        hit = load_catalog().match_cookie(name)
    except Exception:  # a broken catalogue must not stop a paste
        return None
    if hit is None:
        return None
    service, cookie = hit
    row = cookie.as_profile_cookie(service.name)
    row["name"] = name  # "_ga_ABC123" matched "_ga_*": keep what the site really sets
    return row
