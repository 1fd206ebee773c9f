"""Render a profile into its documents: Markdown from the templates, HTML from the Markdown.

Both formats come from the same Markdown, so they can never say different things.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from notice_tui.document import localedata
from notice_tui.document.context import build_facts
from notice_tui.document.environment import environment, load_terms
from notice_tui.document.escape import clean_text
from notice_tui.document.html import markdown_to_html
from notice_tui.document.view import View, wrap
from notice_tui.profile import model

Kind = Literal["privacy", "cookies"]
Format = Literal["md", "html"]

FILE_STEMS: dict[str, str] = {"privacy": "personvernerklaering", "cookies": "informasjonskapsler"}
# The documents link to each other by file name; the extension is the format's,
# known only when the Markdown is written out, so the templates leave this mark.
EXT_MARK = "@@ext@@"
# A caption line (*…*) right above a table: HTML keeps it as <caption> for screen
# readers; in Markdown it only repeats the heading above it.
_CAPTION_LINE = re.compile(r"^\*[^*\n][^\n]*\*\n\n(?=\| )", re.MULTILINE)


@dataclass(frozen=True)
class Document:
    kind: Kind
    title: str
    markdown: str

    def html_fragment(self) -> str:
        return markdown_to_html(self.markdown).replace(EXT_MARK, "html")

    @property
    def published_markdown(self) -> str:
        """The Markdown as written to a .md file: links to .md, no table captions."""
        return _CAPTION_LINE.sub("", self.markdown).replace(EXT_MARK, "md")

    def html_page(self, language: str = "nb") -> str:
        env = environment()
        return env.get_template("page.html.j2").render(
            title=self.title, body=Markup(self.html_fragment()), lang=language
        )

    def as_format(self, fmt: Format, fragment: bool = False, language: str = "nb") -> str:
        if fmt == "md":
            return self.published_markdown
        return self.html_fragment() if fragment else self.html_page(language)

    def filename(self, fmt: Format) -> str:
        return f"{FILE_STEMS[self.kind]}.{fmt}"


@dataclass(frozen=True)
class RenderedSet:
    documents: tuple[Document, ...]

    def get(self, kind: Kind) -> Document | None:
        return next((d for d in self.documents if d.kind == kind), None)


def _tidy(text: str) -> str:
    """Even out the blank lines that conditional blocks leave behind.

    One blank line at most; one before every heading and after every list; none
    between the items of a list (a blank there would make it a loose list).
    """
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line and (not lines or not lines[-1]):
            continue
        if line.startswith("- ") and len(lines) >= 2 and not lines[-1] \
                and lines[-2].startswith(("- ", " ")):
            lines.pop()
        if line.startswith("#") and lines and lines[-1]:
            lines.append("")
        # Text right after a list would be read as part of its last item.
        if line and not line.startswith(("- ", " ")) and lines and lines[-1].startswith("- "):
            lines.append("")
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


TOC_MARKER = "@@innhold@@"


def _insert_toc(text: str, heading: str) -> str:
    """Replace the marker line with links to the sections (## headings) after it."""
    from notice_tui.document.html import slugify

    # Only the template's own line: user text may contain the marker too, but never
    # as a line of its own (every line with user text has wording around it).
    lines = text.split("\n")
    if TOC_MARKER not in lines:
        return text
    at = lines.index(TOC_MARKER)
    before, after = "\n".join(lines[:at]) + "\n", "\n" + "\n".join(lines[at + 1:])
    titles = [line[3:].strip() for line in after.splitlines() if line.startswith("## ")]
    if len(titles) < 4:
        return before + after.lstrip("\n")
    links = "\n".join(f"- [{t}](#{slugify(t)})" for t in titles)
    return f"{before}**{heading}**\n\n{links}{after}"


def render_documents(profile: model.Profile, today: dt.date | None = None,
                     draft: list[str] | None = None) -> RenderedSet:
    """The documents of a profile; `draft` lists the errors a draft is marked with."""
    lang = profile.language if profile.language in model.SUPPORTED_LANGUAGES else "nb"
    localedata.prime(lang)
    env = environment()
    terms = load_terms(lang)
    facts = build_facts(profile, today, [wrap(text) for text in draft or []])
    website = profile.module("website")
    links = {kind: f"{stem}.{EXT_MARK}" for kind, stem in FILE_STEMS.items()}
    if isinstance(website, model.Website):
        links["privacy"] = website.privacy_notice_url or links["privacy"]
        links["cookies"] = website.cookie_declaration_url or links["cookies"]
    context = {"p": View(profile), "f": facts, "t": terms, "lang": lang, "links": links}
    docs = [
        Document(
            "privacy",
            str(terms["titles"]["privacy"]) + " – " + clean_text(profile.controller.name),
            _tidy(_insert_toc(env.get_template(f"{lang}/privacy.md.j2").render(context),
                              str(terms["toc"]))),
        )
    ]
    if facts.has_website:
        docs.append(
            Document(
                "cookies",
                str(terms["titles"]["cookies"]) + " – " + clean_text(profile.controller.name),
                _tidy(env.get_template(f"{lang}/cookies.md.j2").render(context)),
            )
        )
    return RenderedSet(tuple(docs))
