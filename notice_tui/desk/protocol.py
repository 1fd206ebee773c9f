"""The record of processing activities (art. 30) and the processor register.

One row per processing, from the same facts the privacy notice is written from
(document.context.build_facts), so the two never disagree. A cell the profile
cannot fill is a `Missing`, with the key to set: shown as **[MANGLER: …]** in the
documents and asked for by `check --protocol`; the protocol never invents.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markupsafe import Markup
from ruamel.yaml import YAML

from notice_tui import parties
from notice_tui.document.context import Facts, Purpose, build_facts
from notice_tui.document.escape import UserText, clean_text
from notice_tui.profile import formatters, geography, model
from notice_tui.resources import templates_dir

FILE_STEM = "behandlingsprotokoll"
REQUIRED = (
    "name",
    "controller",
    "purpose",
    "data_subjects",
    "data",
    "recipients",
    "transfers",
    "retention",
    "security",
)
OPTIONAL = ("basis", "processors", "source", "dpia")
PROCESSOR_COLUMNS = ("name", "service", "role", "location", "transfer", "dpa_signed", "used_for")


@dataclass(frozen=True)
class Missing:
    what: str  # in the documents' language
    key: str  # the profile key that answers it
    processing: str = ""  # which processing or processor asks, for the message
    need: str = ""  # what is asked for: a key of protocol.yaml's `missing`
    is_gap: bool = True  # what the template tells a gap from text by


Part = Any  # Markup (our wording), UserText (the profile's), or Missing
Cell = list[Part]


@dataclass
class Row:
    key: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Protocol:
    title: str
    controller: Cell
    rows: list[Row]
    processors: list[Row]
    columns: list[str]
    terms: dict[str, Any]
    made: dt.date
    language: str = "nb"  # the profile's own language: the business's record is in it

    @property
    def missing(self) -> list[Missing]:
        found: dict[tuple[str, str], Missing] = {}
        for row in [*self.rows, *self.processors]:
            for cell in row.cells.values():
                for part in cell:
                    if isinstance(part, Missing):
                        found.setdefault((part.key, part.what), part)
        return list(found.values())


@cache
def load_wording(language: str) -> dict[str, Any]:
    path = templates_dir() / language / "protocol.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))

    def trust(v: Any) -> Any:
        if isinstance(v, str):
            return Markup(v.strip())
        if isinstance(v, dict):
            return {str(k): trust(x) for k, x in v.items()}
        return v

    return trust(data)


def plain(cell: Cell) -> str:
    """A cell as text for a spreadsheet: user text unescaped, a gap as [MANGLER: …]."""
    return clean_text(
        "".join(f"[MANGLER: {p.what}]" if isinstance(p, Missing) else str(p) for p in cell)
    )


def _join(items: list[Part], sep: str = ", ") -> Cell:
    out: Cell = []
    for i, item in enumerate(items):
        if i:
            out.append(Markup(sep))
        out.extend(item if isinstance(item, list) else [item])
    return out


def _cap(part: Part) -> Part:
    if isinstance(part, Missing):
        return part
    text = str(part)
    cls = UserText if isinstance(part, UserText) else Markup
    return cls(text[:1].upper() + text[1:])


def _user(value: Any) -> UserText:
    return UserText(clean_text(str(_local(value))))


def _local(value: Any) -> Any:
    """A text (or list) given per language, in the record's language."""
    from notice_tui.document.view import LANGUAGE

    if isinstance(value, (model.LocalText, model.LocalList)):
        return value.in_language(LANGUAGE.get())
    return value


class _Builder:
    def __init__(
        self, profile: model.Profile, facts: Facts, w: dict[str, Any], t: dict[str, Any]
    ) -> None:
        self.profile, self.facts, self.w, self.t = profile, facts, w, t
        self.lang = profile.language if profile.language in model.SUPPORTED_LANGUAGES else "nb"

    def missing(self, what: str, key: str, processing: str) -> Missing:
        return Missing(str(self.w["missing"][what]), key, processing, what)

    # --- where each processing lives in the profile, for the keys to set -----------------

    def prefix(self, purpose: Purpose) -> str:
        if purpose.key == "other":
            obj = purpose.module.unwrap
            index = next(i for i, a in enumerate(self.profile.other_activities) if a is obj)
            return f"other_activities[{index}]"
        if purpose.tracking is not None:
            return "website"
        return purpose.key

    def title(self, purpose: Purpose) -> Part:
        if purpose.title is not None:
            return _user(purpose.title)
        return self.w["names"][purpose.tracking.category if purpose.tracking else purpose.key]

    # --- the cells ------------------------------------------------------------------------

    def purpose(self, p: Purpose) -> Cell:
        if p.key == "other":
            return [_cap(_user(p.module.purpose))]
        if p.key == "customers":
            return [self.t["customers_purpose"][p.module.kind]]
        if p.key == "website":
            site = p.module
            parts = []
            if site.ip_logging:
                parts.append(self.w["purpose_website"]["logs"])
            if "necessary" in self.facts.cookie_groups:
                parts.append(self.w["purpose_website"]["cookies"])
            return _join(parts, "; ")
        return [self.t["purposes"][p.key]]

    def data_subjects(self, p: Purpose, name: str) -> Cell:
        ds = self.w["data_subjects"]
        if p.key == "other":
            subjects = p.module.data_subjects
            if subjects:
                cell = _join([_user(s) for s in subjects])
                cell[0] = _cap(cell[0])
                return cell
            return [self.missing("data_subjects", f"{self.prefix(p)}.data_subjects", name)]
        if p.key == "customers":
            return [ds[f"customers_{p.module.kind}"]]
        if p.tracking is not None:
            return [ds["tracking"]]
        return [ds[p.key]]

    def data(self, p: Purpose) -> Cell:
        wd = self.w["data"]
        if p.tracking is not None:
            return [self.w["tracking_data"][p.tracking.category]]
        mod = p.module
        items: list[Part]
        if p.key == "contact":
            items = [wd["contact"]]
            if mod.phone_logs_kept:
                items.append(wd["phone_logs"])
        elif p.key == "website":
            items = []
            if mod.ip_logging:
                items.append(wd["logs"])
            if "necessary" in self.facts.cookie_groups:
                items.append(wd["necessary_cookies"])
        else:
            items = [_user(x) for x in _local(mod.data)]
            if p.key == "newsletter" and mod.tracks_opens:
                items.append(wd["opens"])
        cell = _join(items)
        if cell:
            cell[0] = _cap(cell[0])
        if mod.sensitive:
            cell += [
                Markup("; "),
                wd["sensitive"],
                Markup(" "),
                _user(", ".join(str(x) for x in _local(mod.sensitive.data))),
            ]
        return cell

    def parties_of(self, p: Purpose) -> list[Any]:
        """The resolved parties (or bare names) that receive this processing's data."""
        if p.tracking is not None:
            return [x.unwrap if hasattr(x, "unwrap") else str(x) for x in p.tracking.providers]
        found: list[Any] = []
        names = list(p.module.systems)
        if p.module.sensitive:
            names += list(p.module.sensitive.systems)
        for name in dict.fromkeys(str(n) for n in names):
            party = parties.party_for(self.profile, name)
            if party is None:
                found.append(name)
            elif party.is_recipient:
                found.append(party)
        return found

    def recipients(self, p: Purpose, name: str) -> Cell:
        items: list[Part] = []
        for party in self.parties_of(p):
            if isinstance(party, parties.Party):
                items.append(
                    [
                        _user(party.name),
                        Markup(" ("),
                        self.w["roles"].get(party.role, Markup(party.role)),
                        Markup(")"),
                    ]
                )
            else:
                items.append(_user(party))
        if p.tracking is not None and p.tracking.own:
            items.append(self.w["recipients"]["own"])
        r = self.profile.recipients
        if r and r.authorities_when_required:
            items.append(self.w["recipients"]["authorities"])
        if r and r.partners:
            items.append(_user(r.partners))
        if items:
            cell = _join(items)
            if isinstance(cell[0], Markup):  # our wording; a supplier's name stays as written
                cell[0] = _cap(cell[0])
            return cell
        if self.facts.recipients_complete or (p.tracking is not None and p.tracking.own):
            return [self.w["recipients"]["nobody"]]
        return [self.missing("recipients", f"{self.prefix(p)}.systems", name)]

    def transfers(self, p: Purpose, name: str, recipients: Cell) -> Cell:
        if any(isinstance(x, Missing) for x in recipients):
            return [self.missing("recipients", f"{self.prefix(p)}.systems", name)]
        items: list[Part] = []
        for party in self.parties_of(p):
            if not isinstance(party, parties.Party):
                continue
            inside = geography.in_eea(party.location)
            if inside is None:
                items.append(
                    [
                        _user(party.name),
                        Markup(": "),
                        self.missing("location", f"processors[{party.index}].location", name),
                    ]
                )
            elif inside is False or party.transfer not in (None, "none"):
                label = self.w["transfers"]["labels"].get(party.transfer or "none")
                items.append(
                    [_user(party.name), Markup(" ("), _user(party.location), Markup("): "), label]
                )
        return _join(items, "; ") if items else [self.w["transfers"]["none"]]

    def period(self, mod: Any) -> Cell:
        d = mod.retention
        if d is None:
            return []
        text = d.format(self.lang)
        anchor = mod.retention_anchor
        if not anchor:
            return [_cap(_user(text))]
        # As the notice writes it: "12 måneder etter timen", "Til X (note)".
        if d.is_period:
            return [_cap(_user(text)), Markup(" "), _user(anchor)]
        return [_cap(_user(text)), Markup(" ("), _user(anchor), Markup(")")]

    def retention(self, p: Purpose, name: str) -> Cell:
        wr = self.w["retention"]
        if p.tracking is not None:
            return [wr["cookies"]]
        mod = p.module
        if p.key == "website":
            parts: list[Part] = []
            if mod.ip_logging:
                parts.append(
                    [wr["logs"], Markup(" "), _user(mod.ip_logging.retention.format(self.lang))]
                )
            if "necessary" in self.facts.cookie_groups:
                parts.append(wr["cookies"])
            return _join(parts, "; ")
        cell = self.period(mod)
        if not cell:
            cell = [self.missing("retention", f"{self.prefix(p)}.retention", name)]
        if p.key == "customers" and mod.invoicing:
            cell += [Markup(". "), wr["invoicing"]]
        return cell

    def security(self, name: str) -> Cell:
        s = self.profile.security
        items: list[Part] = [_user(m) for m in (_local(s.measures) if s else [])]
        if s and s.breach_routine:
            items.append(self.w["security"]["breach_routine"])
        if not items:
            return [self.missing("security", "security.measures", name)]
        cell = _join(items)
        cell[0] = _cap(cell[0])
        return cell

    def basis(self, p: Purpose, name: str) -> Cell:
        if not p.bases or not all(p.bases):
            return [self.missing("basis", f"{self.prefix(p)}.legal_basis", name)]
        cite = self.w["citations"]
        items = [
            Markup(f"{self.t['basis'][b]} ({cite['art6'].format(letter=self.t['letter'][b])})")
            for b in p.bases
        ]
        cell = _join(items)
        cell[0] = _cap(cell[0])
        sens = getattr(p.module, "sensitive", None)
        if sens:
            # Bokstav b needs its basis in Norwegian law, as the notice cites it.
            suffix = cite["art9_b"] if sens.art9_basis == "b" else ""
            cell += [Markup("; " + cite["art9"].format(letter=sens.art9_basis) + suffix)]
        return cell

    def processors(self, p: Purpose) -> Cell:
        names = [
            _user(x.name)
            for x in self.parties_of(p)
            if isinstance(x, parties.Party) and x.role == "processor"
        ]
        return _join(names)

    def source(self, p: Purpose) -> Cell:
        if p.key != "customers" or not p.module.public_sources:
            return []
        items: list[Part] = [self.w["source"]["self"]]
        for item in p.module.public_sources:
            source, what = model.source_parts(str(item))
            items.append(
                [_user(source), *([Markup(" ("), _user(what), Markup(")")] if what else [])]
            )
        return _join(items, "; ")

    def dpia(self, p: Purpose) -> Cell:
        value = getattr(p.module, "dpia", None) if p.tracking is None else None
        if value is None:
            return []
        return [self.w["dpia"]["yes" if value else "no"]]

    def controller(self) -> Cell:
        c = self.profile.controller
        wc = self.w["controller"]
        items: list[Part] = [_user(c.name)]
        if c.org_number:
            items.append(
                [wc["org_number"], Markup(" "), _user(formatters.format_org_number(c.org_number))]
            )
        if c.address:
            items.append(_user(f"{c.address.street}, {c.address.postal_code} {c.address.city}"))
        items.append(_user(c.email))
        if c.phone:
            items.append(_user(formatters.format_phone(c.phone)))
        if c.contact_person:
            items.append([wc["contact_person"], Markup(": "), _user(c.contact_person)])
        if c.dpo:
            items.append([wc["dpo"], Markup(": "), _user(f"{c.dpo.name}, {c.dpo.email}")])
        return _join(items)

    def row(self, p: Purpose, controller: Cell) -> Row:
        title = self.title(p)
        name = str(title)
        recipients = self.recipients(p, name)
        return Row(
            p.key,
            {
                "name": [title],
                "controller": controller,
                "purpose": self.purpose(p),
                "data_subjects": self.data_subjects(p, name),
                "data": self.data(p),
                "recipients": recipients,
                "transfers": self.transfers(p, name, recipients),
                "retention": self.retention(p, name),
                "security": self.security(name),
                "basis": self.basis(p, name),
                "processors": self.processors(p),
                "source": self.source(p),
                "dpia": self.dpia(p),
            },
        )

    def processor_rows(self, rows: list[Row], purposes: list[Purpose]) -> list[Row]:
        used: dict[int, list[Part]] = {}
        for row, p in zip(rows, purposes, strict=True):
            for party in self.parties_of(p):
                if isinstance(party, parties.Party):
                    used.setdefault(party.index, []).append(row.cells["name"][0])
        out = []
        for party in parties.parties(self.profile):
            proc = party.processor
            name = proc.name
            if party.role == "processor":
                dpa: Cell = (
                    [_user(proc.dpa_signed.isoformat())]
                    if proc.dpa_signed
                    else [self.missing("dpa_signed", f"processors[{party.index}].dpa_signed", name)]
                )
            else:
                dpa = []
            transfer = self.w["transfers"]["labels"].get(proc.transfer or "none")
            inside = geography.in_eea(proc.location)
            out.append(
                Row(
                    "processor",
                    {
                        "name": [_user(name)],
                        "service": [_cap(_user(proc.service))],
                        "role": [self.w["roles"].get(party.role, Markup(party.role))],
                        "location": [_user(proc.location)],
                        "transfer": (
                            [self.missing("location", f"processors[{party.index}].location", name)]
                            if inside is None and not proc.transfer
                            else [transfer]
                        ),
                        "dpa_signed": dpa,
                        "used_for": _join(list(dict.fromkeys(used.get(party.index, [])))),
                    },
                )
            )
        return out


def build_protocol(profile: model.Profile, today: dt.date | None = None) -> Protocol:
    from notice_tui.document.environment import load_terms
    from notice_tui.document.view import LANGUAGE

    lang = profile.language if profile.language in model.SUPPORTED_LANGUAGES else "nb"
    # Texts given per language, and the program's own defaults, in the record's language.
    token = LANGUAGE.set(lang)
    try:
        facts = build_facts(profile, today)
        w, t = load_wording(lang), load_terms(lang)
        b = _Builder(profile, facts, w, t)
        controller = b.controller()
        purposes = list(facts.purposes)
        # A website with only consent cookies has no purpose of its own in the notice;
        # the tracking purposes carry it.
        rows = [b.row(p, controller) for p in purposes]
        columns = list(REQUIRED) + [c for c in OPTIONAL if any(r.cells[c] for r in rows)]
        return Protocol(
            title=f"{w['title']} – {clean_text(profile.controller.name)}",
            controller=controller,
            rows=rows,
            processors=b.processor_rows(rows, purposes),
            columns=columns,
            terms=w,
            made=facts.rendered_on,
            language=lang,
        )
    finally:
        LANGUAGE.reset(token)


# --- the three files -----------------------------------------------------------------------


def document(protocol: Protocol) -> Any:
    """The protocol as a Document: Markdown and HTML the way the notice is published."""
    from notice_tui.document.render import Document

    return Document(
        "protocol",  # type: ignore[arg-type]
        protocol.title,
        markdown(protocol),
        protocol.language,
    )


def outputs(profile: model.Profile, folder: Any, today: dt.date | None = None) -> list[Any]:
    """The protocol's three files as the wizard's export writes them."""
    from notice_tui.pipeline import Output

    return [
        Output(folder / name, content, "protocol")
        for name, content in files_of(build_protocol(profile, today)).items()
    ]


def files_of(protocol: Protocol) -> dict[str, str | bytes]:
    """File name -> contents: the spreadsheet, the Markdown and the HTML page."""
    doc = document(protocol)
    return {
        f"{FILE_STEM}.xlsx": spreadsheet(protocol),
        f"{FILE_STEM}.md": doc.published_markdown,
        f"{FILE_STEM}.html": doc.html_page(),
    }


def markdown(protocol: Protocol) -> str:
    from notice_tui.document.environment import environment
    from notice_tui.document.render import tidy_markdown
    from notice_tui.document.view import LANGUAGE

    env = environment()
    token = LANGUAGE.set(protocol.language)  # dates in the record's language
    try:
        text = env.get_template(f"{protocol.language}/protocol.md.j2").render(
            pr=protocol, w=protocol.terms
        )
    finally:
        LANGUAGE.reset(token)
    return tidy_markdown(text)


def spreadsheet(protocol: Protocol) -> bytes:
    """behandlingsprotokoll.xlsx: one sheet of processings, one of processors."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    w = protocol.terms
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one sheet
    sheet.title = str(w["sheet"])[:31]
    gap = PatternFill("solid", fgColor="FFE699")
    bold = Font(bold=True)

    def fill(ws: Any, headers: list[str], rows: list[list[Cell]]) -> None:
        ws.append(headers)
        for cell in ws[1]:
            cell.font = bold
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                target = ws.cell(row=r, column=c)
                # A value that starts with "=" is text here, never a formula.
                target.value = plain(value)
                target.data_type = "s"
                target.alignment = Alignment(wrap_text=True, vertical="top")
                if any(isinstance(p, Missing) for p in value):
                    target.fill = gap
        for c in range(1, len(headers) + 1):
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = 32
        ws.freeze_panes = "B2"

    fill(
        sheet,
        [str(w["columns"][c]) for c in protocol.columns],
        [[row.cells[c] for c in protocol.columns] for row in protocol.rows],
    )
    register = book.create_sheet(str(w["processor_sheet"])[:31])
    fill(
        register,
        [str(w["processor_columns"][c]) for c in PROCESSOR_COLUMNS],
        [[row.cells[c] for c in PROCESSOR_COLUMNS] for row in protocol.processors],
    )
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
