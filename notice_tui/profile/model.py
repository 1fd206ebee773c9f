"""The profile as typed data: one class per module of the profile spec (docs/profile-spec.md).

The same classes drive validation (convert.py) and the JSON Schema (jsonschema.py),
both through the shapes fields.py reads from them, the documents (document/) and the
checks (checks/). Field metadata says what a value is (`kind`), what it means (`doc`)
and when it is needed (`when`); defaults and legal bases per module live here, once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from notice_tui.profile import paths
from notice_tui.profile.durations import Duration

SCHEMA_VERSION = 1

LegalBasis = Literal[
    "consent", "contract", "legal_obligation", "vital_interests", "public_task",
    "legitimate_interest",
]  # fmt: skip
LEGAL_BASES: tuple[str, ...] = LegalBasis.__args__  # type: ignore[attr-defined]
BASIS_LETTER = {
    "consent": "a",
    "contract": "b",
    "legal_obligation": "c",
    "vital_interests": "d",
    "public_task": "e",
    "legitimate_interest": "f",
}

Category = Literal["necessary", "preferences", "statistics", "marketing"]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]

Storage = Literal["cookie", "local_storage", "session_storage", "indexed_db", "pixel"]
STORAGES: tuple[str, ...] = Storage.__args__  # type: ignore[attr-defined]

Transfer = Literal["none", "adequacy", "dpf", "scc", "bcr", "derogation"]
TRANSFERS: tuple[str, ...] = Transfer.__args__  # type: ignore[attr-defined]

Role = Literal["processor", "controller", "joint_controller", "self_hosted"]
ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]

Channel = Literal["phone", "email", "contact_form", "chat", "social_media"]
CHANNELS: tuple[str, ...] = Channel.__args__  # type: ignore[attr-defined]

Reminder = Literal["sms", "email"]
REMINDERS: tuple[str, ...] = Reminder.__args__  # type: ignore[attr-defined]

CustomerKind = Literal["consumers", "businesses", "both"]
CUSTOMER_KINDS: tuple[str, ...] = CustomerKind.__args__  # type: ignore[attr-defined]

Art9Basis = Literal["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]

Language = Literal["nb", "nn", "en"]
LANGUAGES: tuple[str, ...] = Language.__args__  # type: ignore[attr-defined]


def _written_languages() -> tuple[str, ...]:
    # A language is supported once its templates are there: the wording, not the
    # code, is what a new language needs.
    from notice_tui.resources import templates_dir

    root = templates_dir()
    return tuple(lang for lang in LANGUAGES if (root / lang / "terms.yaml").is_file())


SUPPORTED_LANGUAGES: tuple[str, ...] = _written_languages()


class LocalText(str):
    """A text the profile gives in several languages (`purpose: {nb: ..., en: ...}`).

    As a str it is the text in the profile's own `language` (else the first one
    given), so every rule and screen that reads text keeps working; a document
    asks for its own language with `in_language`.
    """

    texts: dict[str, str]
    main: str

    def __new__(cls, texts: dict[str, str], main: str) -> LocalText:
        obj = super().__new__(cls, texts.get(main, next(iter(texts.values()), "")))
        obj.texts = dict(texts)
        obj.main = main
        return obj

    def in_language(self, lang: str) -> str:
        return self.texts.get(lang, str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (LocalText, (self.texts, self.main))


class LocalList(list[str]):
    """A list the profile gives per language (`data: {nb: [...], en: [...]}`); see LocalText."""

    texts: dict[str, list[str]]
    main: str

    def __init__(self, texts: dict[str, list[str]], main: str) -> None:
        super().__init__(texts.get(main, next(iter(texts.values()), [])))
        self.texts = {k: list(v) for k, v in texts.items()}
        self.main = main

    def in_language(self, lang: str) -> list[str]:
        return list(self.texts.get(lang, self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (LocalList, (self.texts, self.main))


# Public sources (art. 14) and what each one holds, in the documents' words. A source
# the table does not know is written "kilde: hva dere henter" in the profile.
KNOWN_SOURCES: dict[str, str] = {
    "brreg.no": "organisasjonsnummer, adresse og hvem som har roller i bedriften",
    "proff.no": "regnskapstall og hvem som har roller i bedriften",
    "purehelp.no": "regnskapstall og hvem som har roller i bedriften",
    "1881.no": "navn, adresse og telefonnummer",
    "gulesider.no": "navn, adresse og telefonnummer",
}


def source_parts(text: str) -> tuple[str, str | None]:
    """("brreg.no", "hvem som har roller …"): the source and what is taken from it."""
    name, sep, what = text.partition(":")
    if sep and what.strip() and not what.startswith("//"):
        return name.strip(), what.strip()
    key = text.strip().casefold().removeprefix("https://").removeprefix("www.").rstrip("/")
    return text.strip(), KNOWN_SOURCES.get(key)


def field_for(path: str) -> Any | None:
    """The dataclass field a key path names (`controller.address.postal_code`), if any."""
    import typing

    cls: Any = Profile
    found = None
    try:
        parts = paths.parse(path)
    except paths.PathError:
        return None
    for part in parts:
        if isinstance(part, int):
            continue
        if not dataclasses.is_dataclass(cls):
            return None
        fields = {f.name: f for f in dataclasses.fields(cls)}
        if part not in fields:
            return None
        found = fields[part]
        tp = typing.get_type_hints(cls)[part]
        # Optional[X], list[X], X | bool: the dataclass inside, if there is one.
        args = [tp, *typing.get_args(tp)]
        args += [a for t in list(args) for a in typing.get_args(t)]
        cls = next((a for a in args if dataclasses.is_dataclass(a)), None)
    return found


@dataclass(frozen=True)
class When:
    """A key that becomes required by another's value: `other` equal to `value`, or
    (value "outside_eea") naming a place outside the EU/EEA. `refused` are values that
    do not count as an answer (transfer: none). Read by fields.py for the converter
    and the JSON Schema alike."""

    other: str
    value: str
    refused: tuple[str, ...] = ()


def meta(doc: str, kind: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"doc": doc, "kind": kind, **extra}


def opt(doc: str, kind: str | None = None, default: Any = None, **extra: Any) -> Any:
    if isinstance(default, list):
        return field(default_factory=list, metadata=meta(doc, kind, **extra))
    return field(default=default, metadata=meta(doc, kind, **extra))


def req(doc: str, kind: str | None = None, **extra: Any) -> Any:
    return field(metadata=meta(doc, kind, required=True, **extra))


@dataclass(kw_only=True)
class Address:
    street: str = req("Street address")
    postal_code: str = req("Postal code (4 digits in Norway)", "postal_code")
    city: str = req("Postal town")
    country: str | None = opt("Country; default Norge")


@dataclass(kw_only=True)
class Dpo:
    name: str = req("Name of the data protection officer (personvernombud)")
    email: str = req("E-mail of the data protection officer", "email")
    phone: str | None = opt("Phone of the data protection officer", "phone")


@dataclass(kw_only=True)
class Controller:
    name: str = req("Name of the business (behandlingsansvarlig)")
    email: str = req("Where people send privacy questions and requests", "email")
    org_number: str | None = opt("Organisasjonsnummer, 9 digits", "org_number")
    address: Address | None = opt("Postal address")
    phone: str | None = opt("Phone number", "phone")
    website: str | None = opt("Website address", "url")
    contact_person: str | None = opt("Who answers privacy questions", local=True)
    dpo: Dpo | None = opt("Personvernombud, only if one is appointed")
    rights_form_url: str | None = opt("Web form for exercising rights", "url")
    description: str | None = opt(
        'One line on what the business does ("frisørsalong i Bodø"), used in the introduction',
        local=True,
    )
    processor_for_clients: str | None = opt(
        'What you do for clients as their processor ("regnskapsføring og lønn"); '
        "the notice then says that the client is the controller for that data",
        local=True,
    )


@dataclass(kw_only=True)
class Sensitive:
    """Special categories (art. 9) inside the processing they belong to."""

    data: list[str] = req('Which special categories ("allergier", "sykefravær")', local=True)
    art9_basis: Art9Basis = req("Letter of art. 9 nr. 2 the processing rests on")
    purpose: str | None = opt("Why you need them, in the reader's words", local=True)
    retention: Duration | None = opt(
        "How long they are kept, when it differs from the rest of the processing",
        "duration",
        local=True,
    )
    retention_note: str | None = opt("When that period starts", local=True)
    systems: list[str] = opt("Processors that hold them, when they differ", default=[])

    @property
    def voluntary(self) -> bool:
        """Explicit consent can be refused: never 'you must give it'."""
        return self.art9_basis == "a"


@dataclass(kw_only=True)
class Module:
    """Keys every module accepts; subclasses set their defaults."""

    DEFAULT_BASIS: ClassVar[str] = "legitimate_interest"
    # Offered in the wizard and in `check`'s hint; never printed unless the user chose it.
    USUAL_RETENTION: ClassVar[str | None] = None
    # Where a period starts when the profile names no starting point (retention_note).
    ANCHOR: ClassVar[str | None] = "etter siste kontakt"

    enabled: bool = opt("false switches the module off but keeps its answers", default=True)
    legal_basis: LegalBasis | None = opt("Legal basis (GDPR art. 6 nr. 1)")
    legitimate_interest: str | None = opt(
        "Why our interest outweighs yours (required with legitimate_interest)",
        local=True,
        when=When("legal_basis", "legitimate_interest"),
    )
    retention: Duration | None = opt(
        'How long data is kept: "12mo", "2y", "30d" or a criterion in words',
        "duration",
        local=True,
    )
    retention_note: str | None = opt(
        'When the period starts ("etter at saken er avsluttet"); each module has a usual one',
        local=True,
    )
    systems: list[str] = opt("Names of processors that hold this data", default=[])
    sensitive: Sensitive | None = opt("Special categories of data (art. 9) in this processing")
    dpia: bool | None = opt(
        "A data protection impact assessment (art. 35) is needed for this processing; "
        "shown in the protocol only"
    )

    @property
    def basis(self) -> str:
        return self.legal_basis or self.DEFAULT_BASIS

    @property
    def basis_is_default(self) -> bool:
        return self.legal_basis is None

    def bases(self) -> list[str]:
        """Every legal basis this processing rests on, the main one first."""
        return [self.basis]

    @property
    def own_purpose(self) -> bool:
        """Listed as a purpose of its own in the notice's summary and sections."""
        return True

    @property
    def retention_anchor(self) -> str | None:
        """The starting point printed after a period: the user's, else the module's usual."""
        if self.retention_note:
            return self.retention_note
        if self.retention is not None and self.retention.is_period:
            return self.ANCHOR
        return None


@dataclass(kw_only=True)
class Contact(Module):
    DEFAULT_BASIS = "legitimate_interest"
    USUAL_RETENTION = "12mo"
    ANCHOR = "etter at henvendelsen er ferdig behandlet"

    channels: list[Channel] = req("How people reach you", choices=CHANNELS)
    social_media_platforms: list[str] = opt("Social media where people write to you", default=[])
    phone_logs_kept: bool = opt("Number, time and length of calls are kept", default=False)
    call_notes_to_crm: bool = opt(
        "A summary of a call may go to the customer system", default=False
    )


@dataclass(kw_only=True)
class Bookings(Module):
    """Appointments and reservations: a salon, a clinic, a workshop, a restaurant."""

    DEFAULT_BASIS = "contract"
    USUAL_RETENTION = "12mo"
    ANCHOR = "etter timen"

    data: list[str] = req(
        "What you register about a booking (navn, mobilnummer, tidspunkt)", local=True
    )
    online: bool = opt("People book on the website or in an app", default=False)
    reminders: list[Reminder] = opt(
        "Reminders sent before the appointment: sms, email", default=[], choices=REMINDERS
    )


@dataclass(kw_only=True)
class Customers(Module):
    DEFAULT_BASIS = "contract"
    USUAL_RETENTION = "3y"
    ANCHOR = "etter siste kjøp eller avtale"

    kind: CustomerKind = opt(
        "Who the customers are: consumers, businesses or both",
        default="both",
        choices=CUSTOMER_KINDS,
    )
    data: list[str] = req("What you register about customers and suppliers", local=True)
    invoicing: bool = opt("You invoice, so the bookkeeping act applies", default=False)
    public_sources: list[str] = opt(
        "Public sources you look people up in (brreg.no, proff.no); any other as "
        '"kilde: hva dere henter"',
        default=[],
    )
    delivery: bool = opt("You send goods to customers by a carrier (a web shop)", default=False)
    complaints_retention: Duration | None = opt(
        "How long order data is kept for complaints (reklamasjon: up to 5 years)", "duration"
    )

    @property
    def businesses(self) -> bool:
        return self.kind != "consumers"

    def bases(self) -> list[str]:
        bases = [self.basis]
        # A business customer's contact person is no party to the contract.
        if self.businesses and self.basis == "contract":
            bases.append("legitimate_interest")
        if self.invoicing:
            bases.append("legal_obligation")
        return list(dict.fromkeys(bases))


@dataclass(kw_only=True)
class Newsletter(Module):
    DEFAULT_BASIS = "consent"
    USUAL_RETENTION = "til du melder deg av"
    ANCHOR = "etter at du har meldt deg av"

    data: list[str] = req("What you register about subscribers", local=True)
    tracks_opens: bool = opt("You keep open and click statistics", default=False)
    tracking_consent: str | None = opt(
        "How sign-up asks for consent to open and click tracking "
        '("en egen avkrysningsboks i påmeldingsskjemaet")',
        local=True,
    )


@dataclass(kw_only=True)
class Recruitment(Module):
    DEFAULT_BASIS = "contract"
    USUAL_RETENTION = "6mo"
    ANCHOR = "etter at stillingen er besatt"

    data: list[str] = req("What applicants send or you collect", local=True)
    keep_longer_with_consent: bool = opt(
        "Applications may be kept longer if the applicant agrees", default=False
    )
    references_by_agreement: bool = opt(
        "Referees are contacted only after agreeing it with the applicant", default=False
    )
    hired_to_personnel_file: bool = opt(
        "If hired, the application and CV go into the personnel file", default=False
    )

    def bases(self) -> list[str]:
        # Keeping an application for later openings is asked for, so it rests on consent.
        extra = ["consent"] if self.keep_longer_with_consent else []
        return list(dict.fromkeys([self.basis, *extra]))


@dataclass(kw_only=True)
class Employees(Module):
    DEFAULT_BASIS = "contract"
    USUAL_RETENTION = "så lenge arbeidsforholdet varer, og deretter så lenge lovene krever"
    ANCHOR = "etter at arbeidsforholdet er avsluttet"

    data: list[str] = req("What you register about employees", local=True)

    def bases(self) -> list[str]:
        return list(dict.fromkeys([self.basis, "legal_obligation"]))


@dataclass(kw_only=True)
class IpLogging:
    retention: Duration = req("How long server logs with IP addresses are kept", "duration")
    purpose: str = opt("Why the logs are kept", default="sikkerhet og feilsøking", local=True)


@dataclass(kw_only=True)
class Cookie:
    name: str = req("Name of the cookie or storage item")
    provider: str = req("Who sets it; matches a processor name when one holds the data")
    category: Category = req("necessary, preferences, statistics or marketing")
    purpose: str = req("What it does, in the reader's words", local=True)
    duration: Duration = req('How long it lasts: "session", "30min", "13mo", "2y"', "duration")
    first_party: bool | None = opt("Set by your own site; default: provider is the business")
    storage: Storage = opt(
        "cookie, local_storage, session_storage, indexed_db or pixel", default="cookie"
    )

    @property
    def needs_consent(self) -> bool:
        return self.category != "necessary"


@dataclass(kw_only=True)
class Website(Module):
    DEFAULT_BASIS = "consent"

    url: str = req("Address of the website", "url")
    ip_logging: IpLogging | None = opt("Server logs with IP addresses")
    consent_tool: str | None = opt("How visitors give and withdraw consent (e.g. Cookiebot)")
    consent_settings: str | None = opt(
        "Where visitors change or withdraw consent: in words, or a URL", local=True
    )
    privacy_notice_url: str | None = opt(
        "Where the privacy notice is published; default: links by file name",
        "url",
        local=True,
    )
    cookie_declaration_url: str | None = opt(
        "Where the cookie declaration is published; default: links by file name",
        "url",
        local=True,
    )
    cookies: list[Cookie] = opt("Cookies and similar technologies on the site", default=[])
    cookies_reviewed: dt.date | None = opt("When the list was checked against the live site")
    external_links: bool = opt("Say that you are not responsible for linked sites", default=False)

    @property
    def consent_cookies(self) -> list[Cookie]:
        return [c for c in self.cookies if c.needs_consent]

    def bases(self) -> list[str]:
        # Logs and necessary cookies only: consent-based cookies are purposes of their own.
        bases = []
        if self.ip_logging or any(not c.needs_consent for c in self.cookies):
            bases.append("legitimate_interest")
        return bases

    @property
    def own_purpose(self) -> bool:
        """Only with logs or necessary cookies: tracking is listed per cookie category."""
        return bool(self.bases())


@dataclass(kw_only=True)
class OtherActivity(Module):
    DEFAULT_BASIS = ""

    # An activity of the user's own has no usual basis to fall back on.
    legal_basis: LegalBasis | None = req("Legal basis (GDPR art. 6 nr. 1)")
    title: str = req('Heading of the activity ("Seminarer og kurs")', local=True)
    purpose: str = req("Why the data is processed", local=True)
    data: list[str] = req("What data is processed", local=True)
    data_subjects: list[str] = opt(
        'Whose data it is ("kursdeltakere"); the protocol (art. 30) asks for it', default=[]
    )


@dataclass(kw_only=True)
class Processor:
    name: str = req("Name of the service or company")
    service: str = req('What it does for you ("utsending av nyhetsbrev")', local=True)
    location: str = req('Where data is processed: a country or "EU/EØS"', local=True)
    data: list[str] = opt("What data it holds", default=[], local=True)
    transfer: Transfer | None = opt(
        "Transfer safeguard; required when outside the EEA",
        choices=TRANSFERS,
        when=When("location", "outside_eea", refused=("none",)),
    )
    url: str | None = opt("Link to its privacy policy", "url")
    role: Role | None = opt(
        "processor (acts on your instructions), controller (decides for itself, e.g. a "
        "carrier or a credit check), joint_controller (e.g. Meta for a pixel) or self_hosted "
        "(a tool on your own server, no recipient); default: the catalogue's, else processor",
        choices=ROLES,
    )
    entity: str | None = opt(
        'The legal company you contract with, and its country ("Meta Platforms Ireland '
        "Limited, Irland\"); default: the catalogue's"
    )
    dpf_entity: str | None = opt(
        'The U.S. company certified under the Data Privacy Framework ("Google LLC"); '
        "default: the catalogue's"
    )
    role_note: str | None = opt(
        'For a controller: what it decides for itself ("kredittvurderingen")', local=True
    )
    arrangement: str | None = opt(
        "For a joint controller: the essence of the arrangement, who does what (art. 26)",
        local=True,
    )
    arrangement_url: str | None = opt(
        "For a joint controller: link to the arrangement (art. 26 nr. 2)", "url"
    )
    dpa_signed: dt.date | None = opt(
        "When the data processing agreement (art. 28) was signed; for the processor register"
    )


@dataclass(kw_only=True)
class Change:
    """One entry of the notice's change log, in the business's own words."""

    date: dt.date = req("When the change took effect")
    text: str = req(
        'What changed, for the reader ("Vi bruker nå Klaviyo til nyhetsbrevet")', local=True
    )


@dataclass(kw_only=True)
class Recipients:
    authorities_when_required: bool = opt(
        "Data is given to authorities when the law requires it", default=False
    )
    partners: str | None = opt("Others you disclose data to, in words", local=True)
    complete: bool | None = opt(
        "true: nobody receives personal data but those listed (processors, partners, "
        "authorities); lets the notice say so"
    )


@dataclass(kw_only=True)
class Security:
    measures: list[str] = opt(
        "Security measures (tilgangsstyring, kryptering ...)", default=[], local=True
    )
    breach_routine: bool = opt("You have a routine for handling breaches", default=False)


@dataclass(kw_only=True)
class Rights:
    verify_identity: bool = opt("You may ask people to confirm who they are", default=False)


@dataclass(kw_only=True)
class Described:
    """A yes that needs words: automated decisions, sensitive data."""

    description: str = req("What happens, in plain words", local=True)
    art9_basis: Art9Basis | None = opt("For sensitive data: letter of art. 9 nr. 2")


MODULE_KEYS = (
    "contact",
    "bookings",
    "customers",
    "newsletter",
    "recruitment",
    "employees",
    "website",
)


@dataclass(kw_only=True)
class Profile:
    schema_version: int = req("Version of the profile format")
    controller: Controller = req("The business (behandlingsansvarlig)")
    # Documents are written only in the languages with templates: `language` alone when
    # `languages` does not list them (a profile written in nynorsk may render only [en]).
    language: Language = opt(
        "Language of the documents, and of the texts this profile is written in",
        default="nb",
        supported=SUPPORTED_LANGUAGES,
        supported_unless="languages",
    )
    languages: list[Language] = opt(
        "Several document languages at once ([nb, en]); default: language",
        default=[],
        choices=LANGUAGES,
        supported=SUPPORTED_LANGUAGES,
    )
    last_updated: dt.date | None = opt('"Sist oppdatert"; default: the date of rendering')
    version_label: str | None = opt('Shown as "Versjon 2.3" when set')
    contact: Contact | None = opt("When people contact you")
    bookings: Bookings | None = opt("Appointments and reservations")
    customers: Customers | None = opt("Customer and supplier register, agreements, invoicing")
    newsletter: Newsletter | None = opt("Newsletter and e-mail marketing")
    recruitment: Recruitment | None = opt("Job applicants")
    employees: Employees | None = opt("Employees (an outline)")
    website: Website | None = opt("The website, server logs and cookies")
    other_activities: list[OtherActivity] = opt("Anything the modules do not cover", default=[])
    processors: list[Processor] = opt("Data processors and other recipients", default=[])
    recipients: Recipients | None = opt("Disclosure to others than processors")
    security: Security | None = opt("How data is protected")
    rights: Rights | None = opt("How requests are handled")
    automated_decisions: Described | bool | None = opt(
        "Automated decisions or profiling: false, or a description; must be answered",
        "described",
    )
    sensitive_data: Described | bool = opt(
        "Special categories (art. 9) outside any one processing; prefer each module's "
        "sensitive key",
        "described",
        default=False,
    )
    children: bool = opt("The service is aimed at children", default=False)
    changes_announced: str | None = opt(
        'How material changes to the notice are announced ("med en melding på forsiden '
        'av nettstedet")',
        local=True,
    )
    changes: list[Change] = opt(
        "Change log, in any order: [{date, text}]; the notice shows the five newest, newest "
        "first; `diff --record` appends one",
        default=[],
    )

    @property
    def document_languages(self) -> list[str]:
        """The languages the documents are written in, the first one foremost."""
        return list(dict.fromkeys(self.languages)) or [self.language]

    def module(self, key: str) -> Module | None:
        """A module that is present and switched on, else None."""
        value = getattr(self, key, None)
        if isinstance(value, Module) and value.enabled:
            return value
        return None

    @property
    def activities(self) -> list[OtherActivity]:
        return [a for a in self.other_activities if a.enabled]
