"""`get`, `set` and `new`: one value of a profile, or a new profile, from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from notice_tui.cli.output import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    not_a_profile,
    print_findings,
    printable,
)
from notice_tui.findings import Finding, has_errors
from notice_tui.i18n import _


def cmd_get(args: argparse.Namespace) -> int:
    from notice_tui.profile import paths
    from notice_tui.profile.store import ProfileError, dump_tree, load

    try:
        doc = load(args.profile)
        value = paths.get(doc.tree, args.path, default=paths.MISSING)
    except ProfileError as exc:
        print_findings([exc.finding])
        return EXIT_UNREADABLE
    except paths.PathError:
        print(printable(_("not a key path: {path}").format(path=args.path)), file=sys.stderr)
        return EXIT_PROBLEMS
    if value is paths.MISSING:
        print(printable(_("{path} is not set").format(path=args.path)), file=sys.stderr)
        return EXIT_PROBLEMS
    if isinstance(value, (dict, list)):
        text = dump_tree(value)
    elif isinstance(value, (bytes, bytearray)):  # !!binary: as the file writes it
        import base64

        text = base64.b64encode(value).decode("ascii") + "\n"
    elif value is None:
        text = "\n"
    else:
        text = f"{value}\n"
    sys.stdout.write(printable(text))
    return EXIT_OK


# Fields that are text even when they look like numbers: "0150" keeps its zero.
_TEXT_KINDS = frozenset({"postal_code", "org_number", "phone"})


def _set_value(path: str, text: str) -> object:
    """What `set` writes: YAML, except where the field says what the text is."""
    from notice_tui.profile.durations import from_words
    from notice_tui.profile.model import field_for
    from notice_tui.profile.store import parse_value
    from notice_tui.profile.text import tidy_answer

    field = field_for(path)
    kind = field.metadata.get("kind") if field is not None else None
    if kind in _TEXT_KINDS and not text.lstrip().startswith(("[", "{")):
        return text.strip()
    if kind == "url":
        text = tidy_answer(text, "url")  # "fjordkaffe.no" is the https:// address
    if kind == "duration":
        canonical = from_words(text)
        if canonical:  # "3 år" is the period 3y: saved in the form every tool reads
            return canonical
    return parse_value(text)


def _shown(value: object) -> str:
    """A value as `set` reports it: text in quotes (so "0150" shows its zero), the rest as
    YAML writes it inline."""
    import json

    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _appending(tree: object, path: str) -> tuple[str, str]:
    """The key path with `[+]` as the index of a new entry: `processors[+]` is
    `processors[3]` when the profile has three. A list or a mapping that an index equal
    to a list's length runs into is made, so `processors[3].name` starts entry four.
    Returns (the key path, the new entry's path or the key path): what is validated."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from notice_tui.profile import edit, paths

    while "[+]" in path:
        head, _sep, tail = path.partition("[+]")
        current = paths.get(tree, head) if head else None
        path = f"{head}[{len(current) if isinstance(current, list) else 0}]{tail}"
    parts = paths.parse(path)
    scope = path
    for depth, part in enumerate(parts[:-1]):
        if not isinstance(part, int):
            continue
        parent = paths.get(tree, parts[:depth])
        if parent is None and depth:
            paths.set_value(tree, parts[:depth], CommentedSeq())
            parent = paths.get(tree, parts[:depth])
        if isinstance(parent, CommentedSeq) and part == len(parent):
            nxt = parts[depth + 1]
            edit.append(parent, CommentedSeq() if isinstance(nxt, int) else CommentedMap())
            if scope == path:
                scope = paths.format_path(parts[: depth + 1])
    return path, scope


def cmd_set(args: argparse.Namespace) -> int:
    from ruamel.yaml.comments import CommentedMap

    from notice_tui.findings import Severity
    from notice_tui.pipeline import analyse_document
    from notice_tui.profile import paths, postal
    from notice_tui.profile.store import (
        ProfileError,
        SaveError,
        ValueParseError,
        load,
        profile_lock,
    )

    try:
        value = (
            None
            if args.value.strip() in ("~", "null")
            else _set_value(args.path.replace("[+]", "[0]"), args.value)
        )
    except ValueParseError as exc:
        # Where: the value given on the command line, which has no file position.
        print_findings([Finding(path=args.path, file=_("<command line>"), message=str(exc))])
        print(_("not saved"), file=sys.stderr)
        return EXIT_UNREADABLE
    if isinstance(value, CommentedMap):
        # Typed inline to fit a command line; in the file an entry reads as its neighbours.
        value.fa.set_block_style()
    target = Path(args.profile)
    filled: tuple[str, str] | None = None
    try:
        # Read, change and write under one lock: two `set`s at once both keep their change.
        with profile_lock(target):
            doc = load(target)
            refusal = not_a_profile(doc)
            if refusal:
                print(printable(refusal), file=sys.stderr)
                return EXIT_UNREADABLE
            path = scope = args.path
            try:
                if value is None:
                    if not paths.delete(doc.tree, path):
                        print(
                            printable(
                                _("{path} is not set in {file}; nothing was changed").format(
                                    path=path, file=target
                                )
                            ),
                            file=sys.stderr,
                        )
                        return EXIT_OK
                else:
                    path, scope = _appending(doc.tree, path)
                    paths.set_value(doc.tree, path, value)
                    filled = postal.fill_town(
                        path,
                        lambda p: paths.get(doc.tree, p),
                        lambda p, v: paths.set_value(doc.tree, p, v),
                    )
            except paths.PathError as exc:
                if exc.scalar_at:
                    line, col = paths.locate(doc.tree, exc.scalar_at)
                    print_findings(
                        [
                            Finding(
                                path=args.path,
                                file=str(target),
                                line=line,
                                column=col,
                                message=_(
                                    "{where} is a single value, not a mapping or a list, so "
                                    "nothing can be set inside it"
                                ).format(where=exc.scalar_at),
                            )
                        ]
                    )
                    print(_("not saved"), file=sys.stderr)
                    return EXIT_UNREADABLE
                print(
                    printable(
                        _("cannot set {path}: not a key path, or the list is shorter").format(
                            path=args.path
                        )
                    ),
                    file=sys.stderr,
                )
                return EXIT_PROBLEMS
            result = analyse_document(doc, compliance=False)
            problems = [
                f
                for f in result.schema
                if f.severity is Severity.ERROR and paths.is_under(f.path, scope)
            ]
            if problems:
                print_findings(problems)
                print(_("not saved"), file=sys.stderr)
                return EXIT_PROBLEMS
            doc.save()
    except ProfileError as exc:
        print_findings([exc.finding])
        return EXIT_UNREADABLE
    except SaveError as exc:
        print(printable(str(exc)), file=sys.stderr)
        return EXIT_UNREADABLE
    if value is None:
        print(
            printable(_("removed {path} from {file}").format(path=path, file=target)),
            file=sys.stderr,
        )
    else:
        print(
            printable(
                _("saved {path} = {value} in {file}").format(
                    path=path, value=_shown(value), file=target
                )
            ),
            file=sys.stderr,
        )
    if filled is not None:
        print(
            printable(
                _("filled in {path} = {value} from the postal code").format(
                    path=filled[0], value=_shown(filled[1])
                )
            ),
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from notice_tui.pipeline import analyse_document
    from notice_tui.profile.store import ProfileDocument, SaveError, new_tree

    target = Path(args.profile)
    if target.exists():
        print(_("{path} exists already; not overwritten").format(path=target), file=sys.stderr)
        return EXIT_PROBLEMS
    doc = ProfileDocument(tree=new_tree(args.name, args.email), path=target)
    result = analyse_document(doc, compliance=False)
    if has_errors(result.schema):
        print_findings(result.schema)
        return EXIT_PROBLEMS
    try:
        doc.save()
    except SaveError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNREADABLE
    print(_("wrote {path}").format(path=target), file=sys.stderr)
    return EXIT_OK
