"""Markdown to HTML: cmark-gfm (C, safe mode: raw HTML and unsafe links dropped), then
heading ids, table captions and column labels added to the markup it made.

The post-processing reads only markup cmark itself wrote: user text arrives
Markdown-escaped, so it can never form a tag these patterns would match.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import cmarkgfm
from cmarkgfm.cmark import Options

_OPTIONS = Options.CMARK_OPT_VALIDATE_UTF8
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_CAPTION = re.compile(r"<p><em>((?:(?!</?em>|</p>).)*)</em></p>\n<table>", re.DOTALL)
_TABLE = re.compile(r"<table>.*?</table>", re.DOTALL)
_TH = re.compile(r"<th>(.*?)</th>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def slugify(text: str) -> str:
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "seksjon"


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip()


def _heading_ids(markup: str) -> str:
    seen: dict[str, int] = {}

    def add_id(match: re.Match[str]) -> str:
        slug = slugify(_plain(match.group(2)))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        ident = slug if n == 0 else f"{slug}-{n + 1}"
        return f'<h{match.group(1)} id="{ident}">{match.group(2)}</h{match.group(1)}>'

    return _HEADING.sub(add_id, markup)


def _label_table(match: re.Match[str]) -> str:
    """Header cells get scope; data cells carry their column name for narrow screens."""
    table = match.group(0)
    labels = [html.escape(_plain(cell), quote=True) for cell in _TH.findall(table)]
    table = table.replace("<th>", '<th scope="col">')
    head, sep, body = table.partition("<tbody>")
    if not sep:
        return table
    rows = body.split("<tr>")
    out = [rows[0]]
    for row in rows[1:]:
        cells = row.split("<td>")
        rebuilt = cells[0]
        for i, cell in enumerate(cells[1:]):
            label = f' data-label="{labels[i]}"' if i < len(labels) else ""
            rebuilt += f"<td{label}>{cell}"
        out.append(rebuilt)
    return head + sep + "<tr>".join(out)


# -- the one call into cmark-gfm -----------------------------------------------------------
#
# cmarkgfm's markdown_to_html_with_extensions never frees the document tree or the HTML
# it renders (cmark_node_free and the allocator's free are not in its cffi interface),
# about 140 KB per conversion: a batch of 5,000 profiles grew a worker to 375 MB, and
# the wizard's preview grows with every edit. The same steps are taken here with both
# freed. cmark_node_free and the default allocator are exported by the very library
# cmarkgfm loaded; they are reached by opening it again through cffi (ABI mode).
# Written for cmarkgfm 2024.1.14 to 2025.10.22 (tests/test_html_memory.py pins it);
# should opening it fail, cmarkgfm's own function is used, which works and leaks.

_FREEING_CDEF = """
typedef struct cmark_mem {
  void *(*calloc)(size_t, size_t);
  void *(*realloc)(void *, size_t);
  void (*free)(void *);
} cmark_mem;
cmark_mem *cmark_get_default_mem_allocator(void);
void cmark_node_free(void *node);
"""


@functools.cache
def _converter() -> Callable[[str], str]:
    """Markdown to HTML with the table extension: freeing, or else cmarkgfm's own."""
    try:
        import cffi
        from cmarkgfm import _cmark

        extra = cffi.FFI()
        extra.cdef(_FREEING_CDEF)
        native: Any = extra.dlopen(_cmark.__file__)  # the functions _FREEING_CDEF declares
        free = native.cmark_get_default_mem_allocator().free
        lib, ffi = _cmark.lib, _cmark.ffi
        lib.cmark_gfm_core_extensions_ensure_registered()
        table = lib.cmark_find_syntax_extension(b"table")
        if table == ffi.NULL:
            raise LookupError("cmark-gfm has no table extension")
    except Exception:  # another build of cmarkgfm: correct output, without the fix
        return _leaking

    def as_native(pointer: Any) -> Any:
        return extra.cast("void *", int(ffi.cast("uintptr_t", pointer)))

    def convert(text: str) -> str:
        data = text.encode("utf-8")
        parser = lib.cmark_parser_new(_OPTIONS)
        root = ffi.NULL
        try:
            lib.cmark_parser_attach_syntax_extension(parser, table)
            lib.cmark_parser_feed(parser, data, len(data))
            root = lib.cmark_parser_finish(parser)
            if root == ffi.NULL or lib.cmark_node_get_type(root) == lib.CMARK_NODE_NONE:
                raise ValueError("cmark-gfm could not parse the Markdown")
            result = lib.cmark_render_html(
                root, _OPTIONS, lib.cmark_parser_get_syntax_extensions(parser)
            )
            try:
                return ffi.string(result).decode("utf-8")
            finally:
                free(as_native(result))
        finally:
            if root != ffi.NULL:
                native.cmark_node_free(as_native(root))
            lib.cmark_parser_free(parser)

    return convert


def _leaking(text: str) -> str:
    return cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=["table"])


def markdown_to_html(text: str) -> str:
    markup = _converter()(text)
    markup = _heading_ids(markup)
    markup = _CAPTION.sub(r"<table>\n<caption>\1</caption>", markup)
    return _TABLE.sub(_label_table, markup)
