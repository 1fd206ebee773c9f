"""The scan report as JSON (docs/scan-report.md, for other tools) and as HTML (for people).

Every name, domain and address in a scan is the site's text, and a site may be
anyone's: the HTML escapes all of it, and the JSON is JSON-encoded and nothing else.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from notice_tui.cli.output import printable
from notice_tui.files import atomic_write
from notice_tui.i18n import _, current_language, ngettext
from notice_tui.labels import category_word

from .compare import kind_label
from .model import ScanResult, Visit


def to_json(result: ScanResult) -> str:
    text = json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"
    # A page's script can make a storage key of half a character pair, which no UTF-8
    # file can hold.
    return _LONE_SURROGATE.sub("\ufffd", text)


def write_json(result: ScanResult, path: Path) -> None:
    atomic_write(path, to_json(result), durable=False)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def counts(pages: int, items: int) -> str:
    """ "2 pages, 6 items", in the UI language."""
    return _("{pages}, {items}").format(
        pages=ngettext("{n} page", "{n} pages", pages).format(n=pages),
        items=ngettext("{n} item", "{n} items", items).format(n=items),
    )


def problem_counts(errors: int, warnings: int) -> str:
    return _("{errors}, {warnings}").format(
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    )


def visit_title(name: str) -> str:
    titles = {
        "before_consent": _("Before consent"),
        "after_accept": _("After accepting"),
        "after_reject": _("After refusing"),
    }
    return titles.get(name, name)


def banner_text(visit: Visit) -> str:
    if visit.visit == "before_consent":
        return (
            _("a consent banner was showing")
            if visit.banner_seen
            else _("no consent banner was found")
        )
    if visit.banner is None:
        return _("no consent banner was found, so nothing was clicked")
    tool = _("the site's own banner") if visit.banner.tool == "own" else visit.banner.tool
    return _('clicked "{button}" in {tool}').format(button=visit.banner.button, tool=tool)


def _e(text: object) -> str:
    # Control and direction characters are no valid HTML, and could turn a name
    # around on the page: shown as \x1b, like in the terminal.
    return html.escape(printable(str(text)), quote=True)


def _p(text: str) -> str:
    return f"<p>{_e(text)}</p>"


def _h2(text: str) -> str:
    return f"<h2>{_e(text)}</h2>"


def to_html(result: ScanResult, screenshots: str = "") -> str:
    """The report as a page; `screenshots` is the folder of the screenshots relative to
    the page ("" when they are beside it)."""
    lang = "nb" if current_language() == "nb" else "en"
    title = _("Cookie scan of {url}").format(url=result.url)
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.4}table{border-collapse:collapse;width:100%}"
        "th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top;"
        "overflow-wrap:anywhere}th{background:#eee}.error{color:#a00}.warning{color:#850}"
        "img{max-width:min(100%,40rem);border:1px solid #bbb;margin-top:1rem}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
    ]
    scanned = _("Scanned {when} with {browser}.").format(
        when=result.scanned_at, browser=result.browser
    )
    parts.append(_p(scanned))
    if result.profile:
        parts.append(_p(_("Compared with {profile}.").format(profile=result.profile)))
    parts.append(_h2(_("Problems")))
    if result.problems:
        parts.append("<ul>")
        labels = {"error": _("error"), "warning": _("warning")}
        for p in result.problems:
            parts.append(
                f'<li class="{_e(p.severity)}"><strong>{_e(labels[p.severity])}</strong>'
                f": {_e(p.message)} <code>{_e(p.rule)}</code></li>"
            )
        parts.append("</ul>")
    else:
        parts.append(_p(_("None: the site matches the declaration.")))
    for visit in result.visits:
        parts.append(_h2(visit_title(visit.visit)))
        parts.append(_p(banner_text(visit)))
        parts.append(_p(_("Pages visited:")) + "<ul>")
        parts += [f"<li>{_e(page)}</li>" for page in visit.pages]
        parts.append("</ul>")
        if visit.failed_pages:
            parts.append(_p(_("Pages that did not load:")) + "<ul>")
            parts += [f"<li>{_e(page)}</li>" for page in visit.failed_pages]
            parts.append("</ul>")
        headings = (
            _("Name"),
            _("Kind"),
            _("Domain"),
            _("Party"),
            _("Duration"),
            _("Category"),
            _("Set by"),
            _("Declared"),
        )
        parts.append(
            "<table><thead><tr>"
            + "".join(f"<th>{_e(h)}</th>" for h in headings)
            + "</tr></thead><tbody>"
        )
        for item in visit.items:
            cells = (
                item.name,
                kind_label(item.kind),
                item.domain,
                _("first party") if item.first_party else _("third party"),
                item.duration or "",
                category_word(item.category) if item.category else "?",
                item.setter or item.url or "",
                item.declared_as if item.declared else _("no"),
            )
            parts.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
        parts.append("</tbody></table>")
        if visit.screenshot:
            alt = _("The first page, {visit}").format(visit=visit_title(visit.visit).lower())
            src = quote(posixpath.join(screenshots, visit.screenshot))
            parts.append(f'<p><img src="{_e(src)}" alt="{_e(alt)}"></p>')
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_html(result: ScanResult, path: Path, screenshots: Path | None = None) -> None:
    """`screenshots`: the folder they were written to, when not beside the page."""
    folder = ""
    if screenshots is not None:
        rel = os.path.relpath(screenshots.resolve(), path.resolve().parent)
        folder = "" if rel == "." else Path(rel).as_posix()
    atomic_write(path, to_html(result, folder), durable=False)
