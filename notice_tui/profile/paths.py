"""Key paths like `processors[2].transfer`: parse, read, write and locate them in a tree.

The wizard, `notice-tui set` and the checks all name a value the same way.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, MutableMapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]")

Part = str | int


class PathError(ValueError):
    """Not a key path, or one that cannot be followed. `scalar_at` is where the way is
    blocked by a single value (controller.name in controller.name.first), when it is."""

    def __init__(self, path: str, scalar_at: str = "") -> None:
        super().__init__(path)
        self.path = path
        self.scalar_at = scalar_at


def parse(path: str) -> list[Part]:
    parts: list[Part] = []
    pos = 0
    path = path.strip()
    while pos < len(path):
        if path[pos] == ".":
            pos += 1
            continue
        match = _TOKEN.match(path, pos)
        if not match:
            raise PathError(path)
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        pos = match.end()
    if not parts:
        raise PathError(path)
    return parts


def format_path(parts: list[Part]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def is_under(path: str, root: str) -> bool:
    """`path` is `root` or inside it: controller.address.city is under controller, and
    processors[2].name under processors; processors_old is not under processors."""
    return path == root or path.startswith((root + ".", root + "["))


_INDEX = re.compile(r"\[\d+\]")


def generic(path: str) -> str:
    """processors[2].name -> processors[].name: the shape a question or field declares."""
    return _INDEX.sub("[]", path)


def first_index(path: str) -> tuple[str, int] | None:
    """processors[2].name -> ("processors", 2): the list and row a path is in, if any."""
    try:
        parts = parse(path)
    except PathError:
        return None
    for i, part in enumerate(parts):
        if isinstance(part, int):
            return format_path(parts[:i]), part
    return None


def parent(path: str) -> str:
    """processors[2].name -> processors[2] -> processors -> "": one step up."""
    try:
        parts = parse(path)
    except PathError:
        return ""
    return format_path(parts[:-1])


def strip_index(path: str) -> str:
    """processors[2] -> processors: a list item's path as the list's."""
    try:
        parts = parse(path)
    except PathError:
        return path
    return format_path(parts[:-1]) if len(parts) > 1 and isinstance(parts[-1], int) else path


# What `get` returns for a path the tree does not have, when asked to tell it from None.
MISSING = object()


def get(tree: Any, path: str | list[Part], default: Any = None) -> Any:
    node = tree
    for part in parse(path) if isinstance(path, str) else path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return default
            node = node[part]
        else:
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
    return node


def set_value(tree: Any, path: str | list[Part], value: Any) -> None:
    """Set a value, creating the mappings on the way; lists must exist up to the index."""
    parts = parse(path) if isinstance(path, str) else path
    node = tree
    for depth, (part, nxt) in enumerate(itertools.pairwise(parts)):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                raise PathError(format_path(parts))
            node = node[part]
        else:
            if not isinstance(node, MutableMapping):  # a list, which is entered by [index]
                raise PathError(format_path(parts))
            child = node.get(part)
            if child is None:
                child = CommentedSeq() if isinstance(nxt, int) else CommentedMap()
                node[part] = child
            node = child
        if not isinstance(node, (MutableMapping, list)):
            raise PathError(format_path(parts), format_path(parts[: depth + 1]))
    last = parts[-1]
    if isinstance(last, str) and not isinstance(node, MutableMapping):
        raise PathError(format_path(parts))
    if isinstance(last, int):
        if not isinstance(node, list):
            raise PathError(format_path(parts))
        if last == len(node):
            node.append(value)
        elif last < len(node):
            node[last] = value
        else:
            raise PathError(format_path(parts))
    else:
        node[last] = value


def delete(tree: Any, path: str | list[Part]) -> bool:
    parts = parse(path) if isinstance(path, str) else path
    parent = get(tree, parts[:-1]) if len(parts) > 1 else tree
    last = parts[-1]
    if isinstance(last, int) and isinstance(parent, list) and last < len(parent):
        del parent[last]
        return True
    if isinstance(last, str) and isinstance(parent, MutableMapping) and last in parent:
        del parent[last]
        return True
    return False


def position(
    node: Any,
    key: Any = None,
    *,
    value: bool = False,
) -> tuple[int | None, int | None]:
    """1-based line and column of a key (or its value, or an item) in a round-trip node,
    or of the node itself when no key is given; (None, None) where it has no position."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None, None
    try:
        if key is None:
            line, col = lc.line, lc.col
        elif isinstance(key, int) and not isinstance(node, Mapping):
            line, col = lc.item(key)
        elif value:
            line, col = lc.value(key)
        else:
            line, col = lc.key(key)
    except (KeyError, IndexError, TypeError, AttributeError):
        return None, None
    if line is None:
        return None, None
    return line + 1, (col or 0) + 1


def _locate_node(node: Any, parts: list[Part]) -> tuple[int | None, int | None]:
    """The same walk over a composed YAML node tree (the fast reader keeps no `lc`)."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    best: tuple[int | None, int | None] = (None, None)
    for part in parts:
        if isinstance(part, int) and isinstance(node, SequenceNode) and part < len(node.value):
            node = node.value[part]
            best = (node.start_mark.line + 1, node.start_mark.column + 1)
            continue
        if isinstance(part, str) and isinstance(node, MappingNode):
            for key, value in node.value:
                if getattr(key, "value", None) == part:
                    best = (key.start_mark.line + 1, key.start_mark.column + 1)
                    node = value
                    break
            else:
                break
            continue
        break
    return best


def locate(tree: Any, path: str) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the deepest part of `path` that exists.

    `tree` is a round-trip tree, or the node tree the fast reader composed.
    """
    try:
        parts = parse(path)
    except PathError:
        return None, None
    if hasattr(tree, "start_mark"):
        return _locate_node(tree, parts)
    node = tree
    best: tuple[int | None, int | None] = (None, None)
    for part in parts:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                break
        elif not isinstance(node, Mapping) or part not in node:
            break
        pos = position(node, part)
        if pos[0] is not None:
            best = pos
        node = node[part]
    return best


def node_path(root: Any, target: Any) -> str | None:
    """The key path of `target` in a composed node tree (a key node: the key it is).

    Found by identity; aliases make the tree a graph, so each node is entered once.
    """
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    seen: set[int] = set()
    stack: list[tuple[Any, list[Part]]] = [(root, [])]
    while stack:
        node, where = stack.pop()
        if node is target:
            return format_path(where)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key is target:  # a list as a key has no name: its mapping is the place
                    return format_path([*where, key.value] if isinstance(key.value, str) else where)
                stack.append((value, [*where, str(getattr(key, "value", ""))]))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, [*where, i]))
    return None
