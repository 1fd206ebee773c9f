"""Markdown to HTML with markdown-it-py: raw HTML off, tables on, headings with ids."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


def slugify(text: str) -> str:
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "seksjon"


def _heading_ids(state: StateCore) -> None:
    seen: dict[str, int] = {}
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and i + 1 < len(tokens):
            slug = slugify(tokens[i + 1].content)
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            tok.attrSet("id", slug if n == 0 else f"{slug}-{n + 1}")


def _table_captions(state: StateCore) -> None:
    """An emphasised paragraph right before a table becomes that table's <caption>."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            tok.type == "paragraph_open"
            and i + 3 < len(tokens)
            and tokens[i + 2].type == "paragraph_close"
            and tokens[i + 3].type == "table_open"
        ):
            inline = tokens[i + 1]
            children = inline.children or []
            if len(children) >= 3 and children[0].type == "em_open" and \
                    children[-1].type == "em_close":
                out.append(tokens[i + 3])
                cap_open = Token("caption_open", "caption", 1)
                cap_open.block = True
                caption = Token("inline", "", 0)
                caption.children = children[1:-1]
                caption.content = inline.content.strip("*_")
                cap_close = Token("caption_close", "caption", -1)
                cap_close.block = True
                out.extend([cap_open, caption, cap_close])
                i += 4
                continue
        out.append(tok)
        i += 1
    state.tokens = out


def _table_scope(state: StateCore) -> None:
    """Header cells get scope; data cells carry their column name for narrow screens."""
    labels: list[str] = []
    column = 0
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "thead_open":
            labels = []
        elif tok.type == "th_open":
            tok.attrSet("scope", "col")
            labels.append(tokens[i + 1].content if i + 1 < len(tokens) else "")
        elif tok.type == "tr_open":
            column = 0
        elif tok.type == "td_open":
            if column < len(labels):
                tok.attrSet("data-label", labels[column])
            column += 1


@cache
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("table_captions", _table_captions)
    md.core.ruler.push("table_scope", _table_scope)
    return md


def markdown_to_html(text: str) -> str:
    return _md().render(text)
