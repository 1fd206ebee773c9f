"""Reading and writing profile files: ruamel round trip; the writing itself is
notice_tui.files' (atomic, links kept, locked), re-exported here for callers that
save a profile.

A profile keeps its YAML tree (comments, order, quoting) beside the typed
model; saving writes the tree, so what a person wrote by hand survives. When
nothing changed, the file's own bytes are written back.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

from notice_tui.files import SaveError, atomic_write, write_user_file
from notice_tui.files import file_lock as profile_lock
from notice_tui.findings import Finding
from notice_tui.i18n import _
from notice_tui.profile import convert, paths
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


# -- constructing values: every failure a finding with its place -------------------------

_TAG_PREFIX = "tag:yaml.org,2002:"
_MERGE_TAG = _TAG_PREFIX + "merge"


class _BadValue(ConstructorError):
    """A node the constructors could not make a value of, with a message for the user.

    ruamel's constructors raise whatever Python raises (ValueError for 2026-02-30 or
    "!!int abc", KeyError for "!!bool maybe", AttributeError for "<<: !!set"), with
    no position; this carries the node, so the finding can name its line and key path.
    """

    def __init__(self, node: Node, message: str, root: Node | None = None) -> None:
        super().__init__(None, None, message, node.start_mark)
        self.node = node
        self.root = root

    @property
    def path(self) -> str:
        if self.root is None:
            return ""
        return paths.node_path(self.root, self.node) or ""


def _scalar_text(node: Node) -> str:
    value = str(getattr(node, "value", ""))
    return value if len(value) <= 40 else value[:39] + "…"


def _value_problem(node: Node, exc: BaseException | None) -> str:
    """What went wrong, in words: the tag says what the value was meant to be."""
    tag = str(node.tag)
    kind = tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag
    if not isinstance(node, ScalarNode):
        return _("this value cannot be read as {tag}").format(tag=f"!!{kind}")
    value = _scalar_text(node)
    if kind == "timestamp":
        return _("'{value}' is not a date that exists").format(value=value)
    if kind == "int":
        if "digits" in str(exc):  # Python's limit on converting long digit strings
            return _("the number {value} has too many digits").format(value=value)
        return _("'{value}' is not a whole number").format(value=value)
    if kind == "float":
        return _("'{value}' is not a number").format(value=value)
    if kind == "bool":
        return _("'{value}' is not true or false").format(value=value)
    if kind == "binary":
        return _("'{value}' is not base64 data").format(value=value)
    return _("'{value}' cannot be read as {tag}").format(value=value, tag=f"!!{kind}")


def _guarded(generator: Any, node: Node, constructor: Any) -> Any:
    """A constructor's second half (ruamel fills mappings and lists later), guarded."""
    try:
        yield from generator
    except (YAMLError, RecursionError):
        raise
    except Exception as exc:
        raise _BadValue(node, _value_problem(node, exc), constructor.root) from None


class _Guarded:
    """What both readers' constructors add: positions for every failure, and refusals
    of what the two would read differently (so `check` and `render` agree)."""

    root: Node | None = None
    state_generators: list[Any]
    recursive_objects: dict[Any, Any]

    def construct_document(self, node: Node) -> Any:
        self.root = node
        return super().construct_document(node)  # type: ignore[misc]

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.recursive_objects:
            # An alias inside the very value it names (&a [*a]). The round-trip reader
            # would quietly put null there and a save would write that: refuse it.
            anchor = getattr(node, "anchor", None) or "?"
            raise _BadValue(
                node,
                _("the alias *{anchor} is inside the value it refers to").format(anchor=anchor),
                self.root,
            )
        return super().construct_object(node, deep)  # type: ignore[misc]

    def construct_non_recursive_object(self, node: Node, tag: Any = None) -> Any:
        before = len(self.state_generators)
        try:
            data = super().construct_non_recursive_object(node, tag)  # type: ignore[misc]
        except _BadValue:
            raise
        except ConstructorError:
            # ruamel's own words ("failed to decode base64 data: Incorrect padding") are
            # English and name no key: say it as for the rest, when it is about a value.
            if isinstance(node, ScalarNode) and str(node.tag).startswith(_TAG_PREFIX):
                raise _BadValue(node, _value_problem(node, None), self.root) from None
            raise
        except (YAMLError, RecursionError):
            raise
        except Exception as exc:
            raise _BadValue(node, _value_problem(node, exc), self.root) from None
        for i in range(before, len(self.state_generators)):
            self.state_generators[i] = _guarded(self.state_generators[i], node, self)
        return data

    def construct_mapping(self, node: Node, *args: Any, **kwargs: Any) -> Any:
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    _check_merge(value_node, self.root)
                elif not isinstance(key_node, ScalarNode):
                    # The C reader refuses a list as a key; the round-trip one reads it.
                    raise _BadValue(
                        key_node,
                        _("a key must be a single word or text, not a list or a mapping"),
                        self.root,
                    )
        return super().construct_mapping(node, *args, **kwargs)  # type: ignore[misc]


def _check_merge(value: Node, root: Node | None) -> None:
    items = value.value if isinstance(value, SequenceNode) else [value]
    for item in items:
        if not isinstance(item, MappingNode) or item.tag != _TAG_PREFIX + "map":
            raise _BadValue(item, _("'<<' merges mappings only (or a list of mappings)"), root)


class _RoundTripConstructor(_Guarded, RoundTripConstructor):
    def construct_yaml_str(self, node: Any) -> Any:
        # "!!str 1" is the text "1" to the C reader, but a TaggedScalar to ruamel's, which
        # no key or text field matches. Read it as text here too; saving quotes it.
        if not isinstance(node, ScalarNode):
            raise _BadValue(
                node, _("!!str is for a single value, not a list or a mapping"), self.root
            )
        return self.construct_scalar(node)


_RoundTripConstructor.add_constructor(_TAG_PREFIX + "str", _RoundTripConstructor.construct_yaml_str)


class _SafeConstructor(_Guarded, SafeConstructor):
    pass


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Constructor = _RoundTripConstructor
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


# A line of what comes before a document's first key: blank, a comment, a directive
# (%YAML 1.2) or the document start marker (---, perhaps with a comment after it).
_HEADER_LINE = re.compile(r"[ \t]*(?:#.*|%.*|---(?:[ \t]+#.*)?[ \t]*)?\r?\n?")


def _header_of(text: str) -> str:
    """The lines before the first key, exactly as written."""
    pos = 0
    while pos < len(text):
        match = _HEADER_LINE.match(text, pos)
        if match is None or match.end() == pos or not match.group(0).endswith("\n"):
            break
        pos = match.end()
    return text[:pos]


@dataclass(frozen=True)
class _Layout:
    """What of a file's form the YAML tree does not keep: the header before the first
    key (a consultant's comment naming the client, "%YAML 1.2", "---"), the line
    endings and the byte order mark. A save puts them back as they were."""

    header: str = ""
    crlf: bool = False
    bom: bool = False

    @classmethod
    def of(cls, text: str, bom: bool = False) -> _Layout:
        crlf = text.count("\r\n") * 2 > text.count("\n")
        return cls(_header_of(text), crlf, bom)

    def apply(self, dumped: str) -> str:
        body = dumped.replace("\r\n", "\n")
        body = body[len(_header_of(body)) :]  # ruamel's copy of the header's comments
        if self.crlf:
            body = body.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + self.header + body


@dataclass(frozen=True)
class DiskStamp:
    """The file as it was read or written, to tell whether someone changed it since."""

    digest: bytes
    size: int

    @classmethod
    def of(cls, data: bytes) -> DiskStamp:
        return cls(hashlib.sha256(data).digest(), len(data))


class ConflictError(SaveError):
    """The file changed on disk since it was read; nothing was written."""


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
    layout: _Layout | None = None  # of the text it was read from; None: as ruamel writes
    disk: DiskStamp | None = None  # the file at `path` as last read or written
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
        bom = "\ufeff" if self.layout is not None and self.layout.bom else ""
        if self.original_text is not None and text == self._baseline_dump():
            return bom + self.original_text
        return self.layout.apply(text) if self.layout is not None else text

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

    def read_in_full(self) -> ProfileDocument:
        """This document read by the round-trip reader, from the text the fast one read (not
        the file again: it may have changed since, which a save must notice): the same
        values, with the comments and layout that editing and saving keep."""
        if not self.read_only:
            return self
        bom = "\ufeff" if self.layout is not None and self.layout.bom else ""
        doc = parse_text(bom + (self.original_text or ""), self.name or "<profile>")
        doc.path = self.path
        doc.disk = self.disk
        return doc

    def changed_on_disk(self) -> bool:
        """True when the file at `path` is no longer what was read (or last saved).

        By content, not by time: a `git checkout` or a second `set` in the same
        second leaves the time as it was. A file that is gone has not changed:
        saving puts it back.
        """
        if self.path is None or self.disk is None:
            return False
        try:
            with open(self.path, "rb") as fh:
                return DiskStamp.of(fh.read(MAX_BYTES + 1)) != self.disk
        except FileNotFoundError:
            return False
        except OSError:
            return True  # cannot tell: ask, rather than write over it

    def save(self, path: Path | None = None, *, force: bool = False) -> Path:
        """Write the profile. Raises ConflictError when the file changed on disk since it
        was read (unless `force`), and SaveError when it cannot be written, or when what
        would be written could not be read again; the file is then as it was."""
        if self.read_only:
            raise SaveError(
                _("this copy of the profile was read without its comments; load it again to save")
            )
        target = Path(path or self.path or "")
        if not str(target):
            raise SaveError(_("no file name to save to"))
        try:
            data = self.dumps().encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate that came in through the wizard
            raise SaveError(
                _("not saved: the profile holds text that is not valid Unicode")
            ) from None
        check_loadable(data, str(target))
        same_file = self.path is not None and _same_file(target, self.path)
        with profile_lock(target):
            if same_file and not force and self.changed_on_disk():
                raise ConflictError(
                    _(
                        "{path} was changed by another program since it was opened; not saved"
                    ).format(path=target)
                )
            write_user_file(target, data)
        self.path = target
        self.original_text = None
        self._baseline = None
        self.disk = DiskStamp.of(data)
        return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def check_loadable(data: bytes, name: str) -> None:
    """Refuse to write what loading would refuse: the same limits, the same reader."""
    if len(data) > MAX_BYTES:
        raise SaveError(
            _(
                "not saved: the profile would be {size} KB, more than the {limit} KB "
                "a profile may be"
            ).format(size=-(-len(data) // 1024), limit=MAX_BYTES // 1024)
        )
    try:
        parse_text(decode(data, name), name)
    except ProfileError as exc:
        raise SaveError(
            _("not saved: the profile could not be read again ({problem})").format(
                problem=exc.finding.format()
            )
        ) from None


def _walk_problem(tree: Any, limit: int, max_chars: int | None = None) -> tuple[str, Any] | None:
    """("size" or "cycle", the top-level key it happened under), or None when the tree is
    fine. The walk expands aliases, so it bounds a "billion laughs" before anything else
    walks it, and it notices a list or mapping that contains itself."""
    max_chars = MAX_TEXT if max_chars is None else max_chars
    seen = 0
    chars = 0
    tops = list(tree.items()) if isinstance(tree, dict) else [(None, tree)]
    for top, value in tops:
        inside: set[int] = set()  # the containers on the way down to this node
        stack: list[tuple[Any, bool]] = [(top, False), (value, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                inside.discard(id(node))
                continue
            seen += 1
            if seen > limit:
                return "size", top
            if isinstance(node, str):
                chars += len(node)
                if chars > max_chars:
                    return "size", top
            elif isinstance(node, (dict, list, tuple, set, frozenset)):
                if id(node) in inside:
                    return "cycle", top
                inside.add(id(node))
                stack.append((node, True))
                if isinstance(node, dict):
                    stack.extend((k, False) for k in node)
                    stack.extend((v, False) for v in node.values())
                else:
                    stack.extend((item, False) for item in node)
    return None


def _fail(
    file: str, message: str, line: int | None = None, col: int | None = None, path: str = ""
) -> ProfileError:
    return ProfileError(Finding(path=path, message=message, file=file, line=line, column=col))


def _read(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes, at most MAX_BYTES + 1 of them, and its status when opened."""
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _fail(name, _("no such file")) from None
    except OSError as exc:
        raise _fail(name, _("cannot read the file: {reason}").format(reason=exc.strerror)) from None
    if stat.S_ISDIR(st.st_mode):
        raise _fail(name, _("this is a folder, not a profile file"))
    if not stat.S_ISREG(st.st_mode):
        # Opening a named pipe waits for a writer, for ever; a device has no end.
        raise _fail(name, _("this is not a regular file (a pipe or a device?), not a profile"))
    if st.st_size > MAX_BYTES:
        raise _fail(
            name,
            _("the file is {size} MB; a profile is a small YAML file of at most {limit} KB").format(
                size=round(st.st_size / 1024 / 1024, 1), limit=MAX_BYTES // 1024
            ),
        )
    try:
        # Never more than the limit: a growing file has no honest size.
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
            with contextlib.suppress(OSError, AttributeError, io.UnsupportedOperation):
                st = os.fstat(fh.fileno())  # what was read, if the file was replaced since
    except PermissionError:
        raise _fail(name, _("no permission to read the file")) from None
    except OSError as exc:
        raise _fail(name, _("cannot read the file: {reason}").format(reason=exc.strerror)) from None
    if len(data) > MAX_BYTES:
        raise _fail(
            name,
            _("the file is larger than {size} KB; a profile is a small YAML file").format(
                size=MAX_BYTES // 1024
            ),
        )
    return data, st


def decode(data: bytes, name: str) -> str:
    """The text of a profile file's bytes; a byte order mark stays, as "\ufeff"."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _fail(name, _("the file is saved as UTF-32; save it as UTF-8"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(name, _("the file is saved as UTF-16; save it as UTF-8"))
    if b"\x00" in data:
        raise _fail(name, _("this is a binary file, not a YAML profile"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(
            name, _("the file is not UTF-8 text (byte {pos})").format(pos=exc.start), line, 1
        ) from None


def read_text(path: Path) -> str:
    """The text of a profile file, without a byte order mark."""
    text = decode(_read(path)[0], str(path))
    return text[1:] if text.startswith("\ufeff") else text


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
                        # ruamel's LazyEval stands in for the compiled pattern.
                        pattern = cast(re.Pattern[str], regexp)
                        cls._rules.setdefault(ch, []).append((tag, pattern))
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
    y.Constructor = _SafeConstructor
    return y


# Where a line's block node can start: after its indentation and any "- ", "? ", ": ".
_LINE_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _too_deep(text: str, limit: int) -> int | None:
    """The line where mappings and lists first nest deeper than `limit`, or None."""
    # Nesting costs room: a block collection inside another starts at least one column
    # further right (a list under a key may share the key's column, hence 2 levels per
    # column), and a flow collection costs a bracket. A profile is far from the limit,
    # so the exact count below is rarely needed.
    flow = text.count("[") + text.count("{")
    if flow < limit:
        widest = max(map(len, _LINE_PREFIX.findall(text)), default=0)
        if 2 * (widest + 1) + flow <= limit:
            return None
    return _too_deep_exact(text, limit)


def _too_deep_exact(text: str, limit: int) -> int | None:
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
                    mark = event.start_mark
                    return mark.line + 1 if mark is not None else 1
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
    except Exception:  # any parse error: the loader below says what and where
        return None
    finally:
        events.close()
    return None


def _yaml_error(name: str, exc: YAMLError) -> ProfileError:
    if isinstance(exc, _BadValue):
        mark = exc.problem_mark
        return _fail(name, exc.problem or "", mark.line + 1, mark.column + 1, exc.path)
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


def _too_deep_error(name: str, line: int | None = None) -> ProfileError:
    return _fail(
        name,
        _("the YAML is nested too deeply (at most {limit} levels)").format(limit=MAX_DEPTH),
        line,
        1 if line else None,
    )


_READERS_DIFFER = re.compile("[\t\x85\u2028\u2029]")


def parse_text(text: str, name: str = "<profile>", *, fast: bool = False) -> ProfileDocument:
    """Parse YAML text into a ProfileDocument; raise ProfileError when it is not a profile.

    `fast` uses the C parser and keeps no comments or positions: for reading only
    (rendering many profiles), never for a document that will be saved.
    """
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    if fast and _READERS_DIFFER.search(text):
        # The two readers part ways on these: ruamel's refuses a tab inside a plain value
        # ("A\tAS") that the C one reads, and the C one (YAML 1.1) breaks lines at NEL,
        # LS and PS, which 1.2 keeps as text. The round-trip reader, which check and the
        # wizard use, decides.
        fast = False
    deep = _too_deep(text, MAX_DEPTH)
    if deep is not None:
        raise _too_deep_error(name, deep)
    y = _fast_yaml() if fast else _yaml()
    node = None
    try:
        if fast:
            # Compose, then construct: the node tree keeps the positions for findings.
            node = y.compose(text)
            tree = y.constructor.construct_document(node) if node is not None else None
        else:
            tree = y.load(text)
    except YAMLError as exc:
        if fast:
            # libyaml refuses some YAML that ruamel reads, like "[https://x.no, y]" (a colon
            # in a flow list): the round-trip reader, which check and the wizard use, decides.
            # It also says where a value that cannot be read is.
            return _with_bom(parse_text(text, name), bom)
        raise _yaml_error(name, exc) from None
    except RecursionError:
        raise _too_deep_error(name) from None
    except Exception:
        # The constructors are guarded (_Guarded); this is the last line for a value
        # ruamel fails on in a way not foreseen: a message, never a traceback.
        if fast:
            return _with_bom(parse_text(text, name), bom)
        raise _fail(name, _("not valid YAML: a value cannot be read")) from None
    if tree is None:
        raise _fail(name, _("the file is empty"))
    if not isinstance(tree, dict):
        raise _fail(
            name, _("a profile is a mapping of keys (schema_version, controller, ...)"), 1, 1
        )
    problem = _walk_problem(tree, MAX_NODES)
    if problem is not None:
        if fast:  # the round-trip reader knows the lines
            return _with_bom(parse_text(text, name), bom)
        kind, key = problem
        line, col = paths.position(tree, key) if key is not None else (None, None)
        where = str(key) if isinstance(key, str) else ""
        if kind == "cycle":
            raise _fail(
                name,
                _("a list or mapping contains itself (an alias inside its own anchor)"),
                line,
                col,
                where,
            )
        raise _fail(
            name,
            _("the YAML expands to too many values (aliases that repeat themselves?)"),
            line,
            col,
            where,
        )
    doc = ProfileDocument(tree=tree, original_text=text, name=name, read_only=fast, node=node)
    doc.layout = _Layout.of(text, bom)
    if not fast:
        doc.indent = _guess_indent(text)
    version = tree.get("schema_version")
    try:
        passed = migrate(tree)
    except NewerVersionError as exc:
        line, col = paths.position(tree, "schema_version", value=True)
        raise _fail(
            name,
            _(
                "schema_version {version} is newer than this program understands "
                "({supported}); update notice-tui"
            ).format(version=exc.version, supported=SCHEMA_VERSION),
            line,
            col,
            "schema_version",
        ) from None
    if passed:
        doc.migrated_from = version
    return doc


def _with_bom(doc: ProfileDocument, bom: bool) -> ProfileDocument:
    if bom:
        doc.layout = _Layout.of(doc.original_text or "", True)
    return doc


def load(path: str | os.PathLike[str], *, fast: bool = False) -> ProfileDocument:
    p = Path(path)
    data, _st = _read(p)
    doc = parse_text(decode(data, str(p)), str(p), fast=fast)
    doc.path = p
    doc.disk = DiskStamp.of(data)
    return doc


def load_profile(
    path: str | os.PathLike[str],
) -> tuple[ProfileDocument, Profile | None, list[Finding]]:
    doc = load(path)
    profile, findings = doc.parse()
    return doc, profile, findings


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
    "ConflictError",
    "DiskStamp",
    "ProfileDocument",
    "ProfileError",
    "SaveError",
    "ValueParseError",
    "atomic_write",
    "dump_tree",
    "load",
    "load_profile",
    "new_tree",
    "parse_text",
    "profile_lock",
]


class ValueParseError(ValueError):
    """A value typed on the command line that is YAML, but not one that can be made."""


def parse_value(text: str) -> Any:
    """A value typed on the command line, read as YAML ("true", "[a, b]", "12mo").

    Text that is no YAML at all ("a: b: c") is taken as that text; YAML whose value
    cannot be made ("!!int abc", "2026-02-30", "&a [*a]") raises ValueParseError.
    """
    y = _yaml()
    try:
        value = y.load(text)
    except _BadValue as exc:
        raise ValueParseError(exc.problem) from None
    except ConstructorError as exc:
        raise ValueParseError(exc.problem or str(exc)) from None
    except YAMLError:
        return text
    except RecursionError:
        raise ValueParseError(
            _("the YAML is nested too deeply (at most {limit} levels)").format(limit=MAX_DEPTH)
        ) from None
    problem = _walk_problem({"value": value}, MAX_NODES)
    if problem is not None:  # "&a {k: *a}": the flow form that the constructor lets through
        raise ValueParseError(
            _("a list or mapping contains itself (an alias inside its own anchor)")
            if problem[0] == "cycle"
            else _("the YAML expands to too many values (aliases that repeat themselves?)")
        )
    return text if value is None else value
