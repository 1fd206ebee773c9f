"""Markdown to HTML: cmark-gfm (C, safe mode: raw HTML and unsafe links dropped), then
heading ids, table captions and column labels added to the markup it made.

The post-processing reads only markup cmark itself wrote: user text arrives
Markdown-escaped, so it can never form a tag these patterns would match.
"""

from __future__ import annotations

import html
import re
import unicodedata

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


def markdown_to_html(text: str) -> str:
    markup = cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=["table"])
    markup = _heading_ids(markup)
    markup = _CAPTION.sub(r"<table>\n<caption>\1</caption>", markup)
    return _TABLE.sub(_label_table, markup)
