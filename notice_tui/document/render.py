"""Render a profile into its documents: Markdown from the templates, HTML from the Markdown.

Both formats come from the same Markdown, so they can never say different things.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from notice_tui.document import localedata
from notice_tui.document.context import build_facts
from notice_tui.document.environment import environment, load_terms, locale_of
from notice_tui.document.escape import clean_text
from notice_tui.document.html import markdown_to_html
from notice_tui.document.view import LANGUAGE, View, wrap
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
class Version:
    """The same document in another language: where it is, and what it is called."""

    language: str
    name: str  # the language's own name for itself ("English", "Norsk nynorsk")
    href: str  # a URL, or a path with EXT_MARK for the format's extension


@dataclass(frozen=True)
class Document:
    kind: Kind
    title: str
    markdown: str
    language: str = "nb"
    stem: str = ""  # the file name without extension; the language's own word for it
    versions: tuple[Version, ...] = ()  # the other languages the set is rendered in

    def html_fragment(self) -> str:
        return _mark_versions(markdown_to_html(self.markdown), self.versions).replace(
            EXT_MARK, "html"
        )

    @property
    def published_markdown(self) -> str:
        """The Markdown as written to a .md file: links to .md, no table captions."""
        return _CAPTION_LINE.sub("", self.markdown).replace(EXT_MARK, "md")

    def html_page(self, language: str | None = None) -> str:
        env = environment()
        alternates = [(v.language, v.href.replace(EXT_MARK, "html")) for v in self.versions]
        return env.get_template("page.html.j2").render(
            title=self.title,
            body=Markup(self.html_fragment()),
            lang=language or self.language,
            alternates=alternates,
        )

    def as_format(self, fmt: Format, fragment: bool = False, language: str | None = None) -> str:
        if fmt == "md":
            return self.published_markdown
        return self.html_fragment() if fragment else self.html_page(language)

    def filename(self, fmt: Format) -> str:
        return f"{self.stem or FILE_STEMS[self.kind]}.{fmt}"


def _mark_versions(markup: str, versions: tuple[Version, ...]) -> str:
    """The links to other languages say which language they lead to (hreflang), and
    the language's name is read in that language (lang): screen readers say "English"
    in English on a bokmål page. Only the paragraph under the title is touched: the
    one render_documents wrote, never user text."""
    if not versions:
        return markup
    head, sep, rest = markup.partition("</h1>\n<p>")
    if not sep:
        return markup
    line, end, tail = rest.partition("</p>")
    for v in versions:
        line = line.replace(
            f">{v.name}</a>", f' hreflang="{v.language}" lang="{v.language}">{v.name}</a>', 1
        )
    return head + sep + line + end + tail


@dataclass(frozen=True)
class RenderedSet:
    documents: tuple[Document, ...]

    def get(self, kind: Kind) -> Document | None:
        return next((d for d in self.documents if d.kind == kind), None)


def tidy_markdown(text: str) -> str:
    """Even out the blank lines that conditional blocks leave behind.

    One blank line at most; one before every heading and after every list; none
    between the items of a list (a blank there would make it a loose list).
    """
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line and (not lines or not lines[-1]):
            continue
        if (
            line.startswith("- ")
            and len(lines) >= 2
            and not lines[-1]
            and lines[-2].startswith(("- ", " "))
        ):
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
    before, after = "\n".join(lines[:at]) + "\n", "\n" + "\n".join(lines[at + 1 :])
    titles = [line[3:].strip() for line in after.splitlines() if line.startswith("## ")]
    if len(titles) < 4:
        return before + after.lstrip("\n")
    links = "\n".join(f"- [{t}](#{slugify(t)})" for t in titles)
    return f"{before}**{heading}**\n\n{links}{after}"


def languages_of(profile: model.Profile, override: Sequence[str] | None = None) -> list[str]:
    """The languages to write the documents in: `override` (render --language), else the
    profile's; only those with templates (the profile's check refuses the others)."""
    wanted = list(dict.fromkeys(override or profile.document_languages))
    found = [lang for lang in wanted if lang in model.SUPPORTED_LANGUAGES]
    return found or ["nb"]


def file_stem(kind: Kind, language: str) -> str:
    """A document's file name in its language: personvernerklaering, privacy-notice ..."""
    files = load_terms(language).get("files") or FILE_STEMS
    return str(files.get(kind, FILE_STEMS[kind]))


def _published(url: str | None, language: str) -> str | None:
    if isinstance(url, model.LocalText):
        return url.in_language(language)
    return url


def _version_links(
    profile: model.Profile, language: str, others: Sequence[str], kind: Kind
) -> tuple[Version, ...]:
    """Where the same document is in each other language: its published address, when
    the profile gives one per language, else the file in that language's folder."""
    website = profile.module("website")
    field = {"privacy": "privacy_notice_url", "cookies": "cookie_declaration_url"}[kind]
    url = getattr(website, field, None) if isinstance(website, model.Website) else None
    out = []
    for other in others:
        if other == language:
            continue
        href = (url.texts.get(other) if isinstance(url, model.LocalText) else None) or (
            f"../{other}/{file_stem(kind, other)}.{EXT_MARK}"
        )
        out.append(Version(other, str(load_terms(other)["language_name"]), href))
    return tuple(out)


def _versions_line(versions: tuple[Version, ...], label: str) -> str:
    from notice_tui.document.escape import md_url

    # A file beside this one ("../en/privacy-notice.@@ext@@") is ours; anything else is
    # the address the profile gives, escaped as every link the user writes is.
    links = " · ".join(
        f"[{v.name}]({'<' + v.href + '>' if v.href.startswith('../') else md_url(v.href)})"
        for v in versions
    )
    return f"*{label}: {links}*"


def _with_versions(text: str, versions: tuple[Version, ...], label: str) -> str:
    """The links to the other languages, right under the title, where a reader who
    cannot read this language looks first."""
    if not versions:
        return text
    title, sep, rest = text.partition("\n")
    return f"{title}\n\n{_versions_line(versions, label)}{sep}{rest}"


def render_documents(
    profile: model.Profile,
    today: dt.date | None = None,
    draft: list[str] | None = None,
    language: str | None = None,
    versions: Sequence[str] = (),
) -> RenderedSet:
    """The documents of a profile in one language (default: the profile's first);
    `draft` lists the errors a draft is marked with, `versions` the other languages
    the same set is written in, which each document links to."""
    lang = languages_of(profile, [language] if language else None)[0]
    token = LANGUAGE.set(lang)
    try:
        return _render(profile, today, draft, lang, versions)
    finally:
        LANGUAGE.reset(token)


def render_all(
    profile: model.Profile,
    today: dt.date | None = None,
    draft: list[str] | None = None,
    languages: Sequence[str] | None = None,
) -> dict[str, RenderedSet]:
    """The documents in every language of the profile (or `languages`), linked together."""
    langs = languages_of(profile, languages)
    return {lang: render_documents(profile, today, draft, lang, langs) for lang in langs}


def _render(
    profile: model.Profile,
    today: dt.date | None,
    draft: list[str] | None,
    lang: str,
    versions: Sequence[str],
) -> RenderedSet:
    localedata.prime(locale_of(lang))
    env = environment()
    terms = load_terms(lang)
    facts = build_facts(profile, today, [wrap(text) for text in draft or []])
    website = profile.module("website")
    links = {kind: f"{file_stem(kind, lang)}.{EXT_MARK}" for kind in FILE_STEMS}  # type: ignore[arg-type]
    if isinstance(website, model.Website):
        links["privacy"] = _published(website.privacy_notice_url, lang) or links["privacy"]
        links["cookies"] = _published(website.cookie_declaration_url, lang) or links["cookies"]
    context = {"p": View(profile), "f": facts, "t": terms, "lang": lang, "links": links}
    name = clean_text(profile.controller.name)
    label = str(terms["other_languages"])

    def document(kind: Kind, markdown: str) -> Document:
        others = _version_links(profile, lang, versions, kind)
        return Document(
            kind,
            str(terms["titles"][kind]) + " – " + name,
            _with_versions(markdown, others, label),
            lang,
            file_stem(kind, lang),
            others,
        )

    def body(kind: Kind) -> str:
        return env.get_template(f"{lang}/{kind}.md.j2").render(context, first=_first_time())

    docs = [document("privacy", tidy_markdown(_insert_toc(body("privacy"), str(terms["toc"]))))]
    if facts.has_website:
        docs.append(document("cookies", tidy_markdown(body("cookies"))))
    return RenderedSet(tuple(docs))


def _first_time() -> Callable[[str], bool]:
    """`first("ekomloven")` is true once per document: a law or an authority is
    introduced in full the first time a document names it ("the Bookkeeping Act
    (bokføringsloven)"), by its short name after that."""
    seen: set[str] = set()

    def first(key: str) -> bool:
        if key in seen:
            return False
        seen.add(key)
        return True

    return first
