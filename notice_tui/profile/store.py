"""Reading and writing profile files: ruamel round trip, atomic saves.

A profile keeps its YAML tree (comments, order, quoting) beside the typed
model; saving writes the tree, so what a person wrote by hand survives. When
nothing changed, the file's own bytes are written back.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import glob
import io
import itertools
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

from notice_tui.findings import Finding
from notice_tui.i18n import _
from notice_tui.profile import convert, tree_cache
from notice_tui.profile.migrations import NewerVersionError, migrate
from notice_tui.profile.model import SCHEMA_VERSION, Profile

MAX_BYTES = 512 * 1024  # a profile is a few KB; 512 KB holds some 2,500 cookies
MAX_NODES = 200_000  # bounds alias expansion ("billion laughs") while walking the tree
MAX_TEXT = 2 * MAX_BYTES  # characters of text, aliases expanded (one long string, many aliases)
MAX_DEPTH = 100  # nesting of mappings and lists; a profile needs 5


class ProfileError(Exception):
    """The file cannot be read as a profile at all (exit code 2)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.format())
        self.finding = finding


class SaveError(Exception):
    """Writing failed; the file on disk is as it was."""


class _Emitter(RoundTripEmitter):
    """ruamel's emitter, minus two bugs: it writes text that starts with "?" or ":"
    unquoted inside a flow list or mapping ([?0, y], [: x, y]), which reads back as a
    mapping or not at all; and it writes a NEL (U+0085) raw in quotes, which reads back
    as a line break. Quote the first, escape the second."""

    def analyze_scalar(self, scalar: Any) -> Any:
        analysis = super().analyze_scalar(scalar)
        if scalar[:1] in ("?", ":"):
            analysis.allow_flow_plain = False
        if "\x85" in scalar:  # only double quotes can say it: "\N"
            analysis.allow_flow_plain = analysis.allow_block_plain = False
            analysis.allow_single_quoted = analysis.allow_block = False
        return analysis


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Emitter = _Emitter
    y.preserve_quotes = True
    y.width = 4096
    y.allow_duplicate_keys = False
    return y


def _guess_indent(text: str) -> tuple[int, int]:
    """(mapping indent, sequence dash offset) as the person wrote them."""
    mapping: int | None = None
    offset: int | None = None
    prev_indent: int | None = None
    prev_opens = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if prev_opens and prev_indent is not None and indent > prev_indent - 1:
            step = indent - prev_indent
            if stripped.startswith("- "):
                if offset is None and step >= 0:
                    offset = step
            elif mapping is None and step > 0:
                mapping = step
        if mapping is not None and offset is not None:
            break
        body = stripped[2:] if stripped.startswith("- ") else stripped
        prev_opens = body.endswith(":") and not body.startswith(("'", '"'))
        prev_indent = indent + (2 if stripped.startswith("- ") else 0)
        if stripped.startswith("- ") and prev_opens:
            prev_indent = indent + 2
    return mapping or 2, offset if offset is not None else 0


def dump_tree(tree: Any, indent: tuple[int, int] = (2, 0)) -> str:
    y = _yaml()
    mapping, offset = indent
    y.indent(mapping=mapping, sequence=max(mapping, offset + 2), offset=offset)
    buf = io.StringIO()
    y.dump(tree, buf)
    return buf.getvalue()


@dataclass
class ProfileDocument:
    """A profile as a file: its tree (what is saved) and its typed reading."""

    tree: Any
    path: Path | None = None
    original_text: str | None = None
    indent: tuple[int, int] = (2, 0)
    migrated_from: int | None = None
    name: str | None = None  # how findings name the source before it has a path
    read_only: bool = False  # parsed without comments and positions; must not be saved
    node: Any = None  # the composed node tree of a fast read, for positions
    _baseline: str | None = field(default=None, repr=False)

    def parse(self) -> tuple[Profile | None, list[Finding]]:
        return convert.to_profile(self.tree, self.display_name)

    @property
    def positions(self) -> Any:
        """What paths.locate reads positions from."""
        return self.node if self.node is not None else self.tree

    @property
    def display_name(self) -> str | None:
        return str(self.path) if self.path else self.name

    def dumps(self) -> str:
        text = dump_tree(self.tree, self.indent)
        if self.original_text is not None and text == self._baseline_dump():
            return self.original_text
        return text

    def _baseline_dump(self) -> str | None:
        """How the unchanged file dumps; computed at save time so loading stays cheap."""
        if self._baseline is None and self.original_text is not None:
            try:
                original = _yaml().load(self.original_text)
                migrate(original)
            except Exception:  # the original parsed once; this is only a comparison
                return None
            self._baseline = dump_tree(original, self.indent)
        return self._baseline

    def save(self, path: Path | None = None) -> Path:
        if self.read_only:
            raise SaveError(_("this copy of the profile was read without its comments; "
                              "load it again to save"))
        target = Path(path or self.path or "")
        if not str(target):
            raise SaveError(_("no file name to save to"))
        atomic_write(target, self.dumps())
        self.path = target
        self.original_text = None
        return target


def _count_nodes(tree: Any, limit: int, max_chars: int | None = None) -> bool:
    """False when walking the tree (aliases expanded) would visit more than `limit` nodes
    or more than `max_chars` characters of text (one long string behind many aliases)."""
    max_chars = MAX_TEXT if max_chars is None else max_chars
    seen = 0
    chars = 0
    stack = [tree]
    while stack:
        node = stack.pop()
        seen += 1
        if seen > limit:
            return False
        if isinstance(node, str):
            chars += len(node)
            if chars > max_chars:
                return False
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


def _fail(file: str, message: str, line: int | None = None, col: int | None = None) -> ProfileError:
    return ProfileError(Finding(path="", message=message, file=file, line=line, column=col))


def read_text(path: Path) -> str:
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _fail(name, _("no such file")) from None
    except OSError as exc:
        raise _fail(name, _("cannot read the file: {reason}").format(reason=exc.strerror)) from None
    if stat.S_ISDIR(st.st_mode):
        raise _fail(name, _("this is a folder, not a profile file"))
    if st.st_size > MAX_BYTES:
        raise _fail(name, _("the file is {size} MB; a profile is a small YAML file").format(
            size=round(st.st_size / 1024 / 1024, 1)))
    try:
        # Never more than the limit: /dev/zero, a pipe or a growing file has no honest size.
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except PermissionError:
        raise _fail(name, _("no permission to read the file")) from None
    except OSError as exc:
        raise _fail(name, _("cannot read the file: {reason}").format(reason=exc.strerror)) from None
    if len(data) > MAX_BYTES:
        raise _fail(name, _("the file is larger than {size} KB; a profile is a small YAML file"
                            ).format(size=MAX_BYTES // 1024))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(name, _("the file is saved as UTF-16; save it as UTF-8"))
    if b"\x00" in data:
        raise _fail(name, _("this is a binary file, not a YAML profile"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(name, _("the file is not UTF-8 text (byte {pos})").format(pos=exc.start),
                    line, 1) from None


class _Yaml12Resolver(VersionedResolver):
    """ruamel's resolver with the YAML 1.2 rules looked up once.

    With the C reader, ruamel works out the YAML version again for every scalar,
    through attribute lookups that fail, and always arrives at 1.2 (the C reader
    does not pass a %YAML directive on): a third of the time a profile took to read.
    """

    _rules: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    @classmethod
    def _rules_for(cls, first: str) -> list[tuple[str, re.Pattern[str]]]:
        if not cls._rules:
            for versions, tag, regexp, chars in implicit_resolvers:
                if (1, 2) in versions:
                    for ch in chars:
                        cls._rules.setdefault(ch, []).append((tag, regexp))
        return cls._rules.get(first, [])

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            for tag, regexp in self._rules_for(value[:1]):
                if regexp.match(value):
                    return Tag(suffix=tag)
        # Paths and the default tags, as ruamel does them.
        return super().resolve(kind, value, (False, False))


@functools.cache
def _fast_yaml() -> YAML:
    y = YAML(typ="safe", pure=False)
    y.Resolver = _Yaml12Resolver
    return y


# Where a line's block node can start: after its indentation and any "- ", "? ", ": ".
_LINE_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _too_deep(text: str, limit: int) -> bool:
    """True when mappings and lists nest deeper than `limit`."""
    # Nesting costs room: a block collection inside another starts at least one column
    # further right (a list under a key may share the key's column, hence 2 levels per
    # column), and a flow collection costs a bracket. A profile is far from the limit,
    # so the exact count below is rarely needed.
    flow = text.count("[") + text.count("{")
    if flow < limit:
        widest = max(map(len, _LINE_PREFIX.findall(text)), default=0)
        if 2 * (widest + 1) + flow <= limit:
            return False
    return _too_deep_exact(text, limit)


def _too_deep_exact(text: str, limit: int) -> bool:
    """Count nesting on the parser's events, which needs no recursion: the composers do
    recurse, and on 50,000 nested brackets the C one crashes the process and the
    Python one takes seconds to give up. A syntax error is left to the loader,
    which reports it with its position.
    """
    depth = 0
    events = YAML(typ="safe", pure=False).parse(text)
    try:
        for event in events:
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
                if depth > limit:
                    return True
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
    except Exception:  # any parse error: the loader below says what and where
        return False
    finally:
        events.close()
    return False


def _yaml_error(name: str, exc: YAMLError) -> ProfileError:
    if not isinstance(exc, MarkedYAMLError):
        return _fail(name, _("not valid YAML: {problem}").format(problem=exc))
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    what = exc.problem or exc.context or "syntax error"
    if "duplicate key" in what:
        what = _("the same key appears twice")
        found = re.search(r'duplicate key "([^"]*)"', exc.problem or "")
        if found:
            what = _("the key '{key}' appears twice").format(key=found.group(1))
    return _fail(name, _("not valid YAML: {problem}").format(problem=what), line, col)


def parse_text(text: str, name: str = "<profile>", *, fast: bool = False) -> ProfileDocument:
    """Parse YAML text into a ProfileDocument; raise ProfileError when it is not a profile.

    `fast` uses the C parser and keeps no comments or positions: for reading only
    (rendering many profiles), never for a document that will be saved.
    """
    if _too_deep(text, MAX_DEPTH):
        raise _fail(name, _("the YAML is nested too deeply"))
    y = _fast_yaml() if fast else _yaml()
    node = None
    kept = None if fast else tree_cache.get(text)
    try:
        if kept is not None:
            tree = kept
        elif fast:
            # Compose, then construct: the node tree keeps the positions for findings.
            node = y.compose(text)
            tree = y.constructor.construct_document(node) if node is not None else None
        else:
            tree = y.load(text)
    except YAMLError as exc:
        if fast:
            # libyaml refuses some YAML that ruamel reads, like "[https://x.no, y]" (a colon
            # in a flow list): the round-trip reader, which check and the wizard use, decides.
            return parse_text(text, name)
        raise _yaml_error(name, exc) from None
    except RecursionError:
        raise _fail(name, _("the YAML is nested too deeply")) from None
    if tree is None:
        raise _fail(name, _("the file is empty"))
    if not isinstance(tree, dict):
        raise _fail(name, _("a profile is a mapping of keys (schema_version, controller, ...)"),
                    1, 1)
    if not _count_nodes(tree, MAX_NODES):
        raise _fail(name, _("the YAML expands to too many values (aliases that repeat "
                            "themselves?)"))
    if not fast and kept is None:
        tree_cache.put(text, tree)  # before migrations change it: the tree of this text
    doc = ProfileDocument(tree=tree, original_text=text, name=name, read_only=fast, node=node)
    if not fast:
        doc.indent = _guess_indent(text)
    version = tree.get("schema_version")
    try:
        passed = migrate(tree)
    except NewerVersionError as exc:
        line, col = convert._pos(tree, "schema_version", value=True)
        raise _fail(name, _("schema_version {version} is newer than this program understands "
                            "({supported}); update notice-tui").format(
                                version=exc.version, supported=SCHEMA_VERSION), line, col
                    ) from None
    if passed:
        doc.migrated_from = version
    return doc


def load(path: str | os.PathLike[str], *, fast: bool = False) -> ProfileDocument:
    p = Path(path)
    doc = parse_text(read_text(p), str(p), fast=fast)
    doc.path = p
    return doc


def load_profile(path: str | os.PathLike[str]) -> tuple[ProfileDocument, Profile | None,
                                                           list[Finding]]:
    doc = load(path)
    profile, findings = doc.parse()
    return doc, profile, findings


def _read_umask() -> int:
    # Read once at import: setting and restoring it later would race with threads.
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


STALE_TEMP_SECONDS = 60

# Temp names: unique per process and call, so a save needs no random name and no retry
# loop; O_EXCL still refuses a name that a crashed process with the same pid left behind.
_temp_counter = itertools.count()
# (folder, name) pairs already swept for leftovers by this process: a killed save's temp
# file is a rare thing, and a batch writing thousands of files should not list every
# folder again for each of them.
_swept: set[tuple[str, str]] = set()


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Temp files a killed save left behind; a minute old, so no save is still writing it."""
    key = (str(folder), name)
    if key in _swept:
        return
    _swept.add(key)
    now = time.time()
    for leftover in folder.glob(f".{glob.escape(name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()


def _open_temp(folder: Path, name: str) -> tuple[int, str]:
    for _attempt in range(100):
        tmp_name = os.path.join(folder, f".{name}.{os.getpid()}-{next(_temp_counter)}.tmp")
        try:
            # 0o666 less the umask, as for any new file the user makes.
            return os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                           0o666), tmp_name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def atomic_write(path: Path, text: str | bytes, *, durable: bool = True) -> None:
    """Write via a temp file in the same folder, fsync, rename: old or new, never torn.

    `durable=False` skips the fsyncs: still never torn if the process dies, but
    a power cut may lose the newest version. For output that can be rendered again.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    tmp_name = None
    try:
        fd, tmp_name = _open_temp(folder, path.name)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if mode is not None:  # a rewrite keeps the file's permissions
                os.fchmod(fd, mode)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
        tmp_name = None
        _remove_stale_temps(folder, path.name)
        if not durable:
            return
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as exc:
        raise SaveError(_("could not save {path}: {reason}; the file on disk is unchanged").format(
            path=path, reason=exc.strerror or exc)) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def new_tree(name: str = "", email: str = "") -> CommentedMap:
    tree = CommentedMap()
    tree["schema_version"] = SCHEMA_VERSION
    tree["language"] = "nb"
    ctrl = CommentedMap()
    ctrl["name"] = name
    ctrl["email"] = email
    tree["controller"] = ctrl
    return tree


__all__ = [
    "ProfileDocument",
    "ProfileError",
    "SaveError",
    "atomic_write",
    "dump_tree",
    "load",
    "load_profile",
    "new_tree",
    "parse_text",
]


def parse_value(text: str) -> Any:
    """A value typed on the command line, read as YAML ("true", "[a, b]", "12mo")."""
    y = _yaml()
    try:
        value = y.load(text)
    except YAMLError:
        return text
    return text if value is None else value
