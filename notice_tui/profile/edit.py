"""Changing a profile's round-trip YAML tree so that it still reads as a person wrote it.

The wizard, `add-service` and `import-cookies` add keys and list entries through
here: a new key lands where the spec's reading order puts it (`key_order`, the
one source of that order), short lists are written inline, and the comment
that followed the place of an insertion (often the blank line and heading of
the next section) stays above what it introduced.

ruamel stores a comment that follows a node on the deepest last scalar before
it. Appending after that scalar would leave the comment above the new entry,
so it is moved down.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

__all__ = ["append", "extend", "insert_key", "key_order", "to_node"]


def key_order(parent: str) -> list[str]:
    """Keys of the mapping at `parent` in the order a person reads them: the
    questionnaire's, which follows the profile spec, then the model's fields."""
    # The questionnaire holds the order; imported here so the profile package
    # does not load the wizard's questions just to be read.
    from notice_tui.questionnaire import key_order as order

    return order(parent)


def to_node(value: Any) -> Any:
    """Plain dicts and lists as ruamel nodes; short lists of names read best inline,
    as the spec writes them."""
    if isinstance(value, CommentedMap | CommentedSeq):
        return value
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = to_node(item)
        return node
    if isinstance(value, list | tuple):
        seq = CommentedSeq(to_node(v) for v in value)
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and not node.fa.flow_style()


def _slots(node: Any) -> Iterator[tuple[dict[Any, Any], Any, int]]:
    """Where a trailing comment of `node` may be stored, deepest first."""
    if isinstance(node, CommentedMap) and node:
        key = next(reversed(node))
        child = node[key]
        if _is_block(child) and child:
            yield from _slots(child)
        yield node.ca.items, key, 2
    elif isinstance(node, CommentedSeq) and node:
        index = len(node) - 1
        child = node[index]
        if _is_block(child) and child:
            yield from _slots(child)
        yield node.ca.items, index, 0


def _column(node: Any) -> int | None:
    """Column of a loaded node's first key or dash; None for a node made here."""
    lc = getattr(node, "lc", None)
    col = getattr(lc, "col", None) if lc is not None else None
    return col if isinstance(col, int) else None


def _split_trailer(lines: str, col: int | None) -> tuple[str, str]:
    """(lines that stay, lines that move): comment lines indented deeper than
    `col` still belong to the node above (a commented-out entry of its list)."""
    if col is None:
        return "", lines
    stay = ""
    for line in lines.splitlines(keepends=True):
        if not line.strip() or len(line) - len(line.lstrip(" ")) <= col:
            break
        stay += line
    return stay, lines[len(stay) :]


def _take_slot(
    items: dict[Any, Any], key: Any, pos: int, col: int | None, keep_blank: bool
) -> str | None:
    """Detach the comment lines that move from one slot; None when it holds no comment."""
    entry = items.get(key)
    token = entry[pos] if entry and len(entry) > pos else None
    if entry is None or not isinstance(token, CommentToken):
        return None
    # The token's first line ends the value's own line (an end-of-line comment,
    # or nothing): that always stays. The lines after it follow the node.
    first, _sep, rest = token.value.partition("\n")
    stay, move = _split_trailer(rest, col)
    if not move:
        return ""
    if keep_blank and move.startswith("\n"):
        # A blank line separated the node from what came next; the new key
        # gets one too, and keeps the old one for the key after it.
        stay += "\n"
    kept = first + "\n" + stay
    if kept == "\n":
        entry[pos] = None
        if not any(entry):
            del items[key]
    else:
        token.value = kept
    return move


def _take_trailer(node: Any, col: int | None, keep_blank: bool = False) -> str:
    """Detach the comment lines after `node`, leaving an end-of-line comment in place."""
    for items, key, pos in _slots(node):
        rest = _take_slot(items, key, pos, col, keep_blank)
        if rest is not None:
            return rest
    return ""


def _give_trailer(node: Any, rest: str) -> bool:
    """Put comment lines after `node`; False when it has no place for them (a scalar,
    an empty or inline list)."""
    if not rest:
        return True
    for items, key, pos in _slots(node):
        entry = items.setdefault(key, [None, None, None, None])
        entry[pos] = CommentToken("\n" + rest, CommentMark(0))
        return True
    return False


def append(seq: CommentedSeq, value: Any) -> None:
    """Append to a list; the comment that followed the list still follows it."""
    rest = _take_trailer(seq, _column(seq))
    seq.append(to_node(value))
    if not _give_trailer(seq, rest):  # pragma: no cover - a list with an entry has a slot
        seq.ca.items.setdefault(len(seq) - 1, [None, None, None, None])[0] = CommentToken(
            "\n" + rest, CommentMark(0)
        )


def insert_key(mapping: CommentedMap, key: str, value: Any, parent_path: str) -> None:
    """Add `key` to the mapping at `parent_path` where the reading order puts it: before
    the first key that comes after it, else at the end. A key the order does not know
    goes at the end. The comment that followed the previous key moves to after the new
    one, so a heading stays above the key it introduces."""
    value = to_node(value)
    order = key_order(parent_path)
    keys = list(mapping)
    pos = len(keys)
    if key in order:
        rank = order.index(key)
        pos = next(
            (i for i, k in enumerate(keys) if k in order and order.index(k) > rank), len(keys)
        )
    rest = ""
    # A new block (a section's list or mapping) gets a blank line before it like its
    # neighbours; a single value joins the lines of the key before it.
    blank = _is_block(value) and bool(value)
    if pos > 0:
        prev, col = keys[pos - 1], _column(mapping)
        if _is_block(mapping[prev]) and mapping[prev]:
            rest = _take_trailer(mapping[prev], col, keep_blank=blank)
        rest = rest or _take_slot(mapping.ca.items, prev, 2, col, keep_blank=blank) or ""
    mapping.insert(pos, key, value)
    if not _give_trailer(value, rest):
        # A single value (or an inline list): the comment goes after its line.
        mapping.ca.items.setdefault(key, [None, None, None, None])[2] = CommentToken(
            "\n" + rest, CommentMark(0)
        )


def extend(parent: CommentedMap, key: str, parent_path: str, values: list[Any]) -> bool:
    """Append to the list at parent[key], making it (in reading order) when missing or
    null. False, and nothing changed, when parent[key] is something else than a list."""
    current = parent.get(key)
    if isinstance(current, CommentedSeq):
        if not current and current.fa.flow_style():
            # `cookies: []` waiting to be filled: entries read better as a block.
            current.fa.set_block_style()
        for value in values:
            append(current, value)
        return True
    if current is not None:
        return False
    seq = CommentedSeq(to_node(v) for v in values)
    if key in parent:
        # `cookies:` with nothing after it: what followed the key now follows the list.
        rest = _take_slot(parent.ca.items, key, 2, _column(parent), keep_blank=False)
        parent[key] = seq
        _give_trailer(seq, rest or "")
    else:
        insert_key(parent, key, seq, parent_path)
    return True
