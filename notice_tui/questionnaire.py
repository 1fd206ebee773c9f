"""The questions the wizard asks, as data: one declaration per question.

Each question names the key path it fills in the profile, its label and a
short help text (English msgids, translated where shown), the kind of answer,
its choices and default, and when to ask it. The wizard builds its forms from
these declarations alone, so asking something new takes a key in the profile
model and one line here. Defaults are the model's own (Module.DEFAULT_BASIS
...): an empty answer means "use the default", and the wizard only shows it.
A suggestion (the usual retention) is different: the documents never assume
it, and the wizard writes it only when the user takes it (F3).

Textual is not imported here: `check` and the docs may reuse the labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from notice_tui.i18n import N_, _, current_language
from notice_tui.profile import model, paths

Kind = Literal[
    "text",  # one line of free text
    "email",
    "phone",
    "url",
    "bool",  # yes/no; an absent key is the model's default
    "choice",  # one of `choices`; blank means the default
    "choice-or-text",  # one of `choices`, or any other value typed in
    "multi-choice",  # a subset of `choices`, saved as a list
    "duration",  # "12mo", "2y", "session" or a criterion in words
    "date",  # YYYY-MM-DD
    "list-of-text",  # a list of short texts, typed separated by commas
    "systems",  # names of processors, picked from those entered
    "present",  # yes/no that adds or removes an optional mapping (a DPO, IP logs)
    "table",  # an editable list of mappings; `columns` are its questions
]


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str  # msgid; translate where shown
    translate: bool = True
    short: str = ""  # for a table cell, where the label is too long (not translated)


@dataclass(frozen=True)
class When:
    """Ask a question only when another answer (relative to the same row) says so.

    `equals` unset: the answer must be truthy. `contains`: a list answer holds it.
    """

    path: str
    equals: Any = None
    contains: Any = None

    def test(self, value: Any) -> bool:
        if self.contains is not None:
            return isinstance(value, list) and self.contains in value
        if self.equals is not None:
            return bool(value == self.equals)
        return bool(value)


@dataclass(frozen=True)
class Question:
    path: str  # key path: absolute, or relative to the row for table columns
    label: str  # msgid
    help: str = ""  # msgid: one or two plain sentences on why we ask
    kind: Kind = "text"
    choices: tuple[Choice, ...] = ()
    default: Any = None  # what the profile means when the key is absent; shown, never written
    # The usual answer, offered but never assumed: absent is still unanswered.
    suggestion: str | None = None
    when: When | None = None
    # An example answer, in the documents' language (bokmål) whatever the UI speaks,
    # because that is the language the profile's values are written in.
    placeholder: str = ""
    required: bool = False
    catalog: bool = False  # offer the service catalogue while typing (processor/provider names)
    catalog_kind: str = ""  # only services of this catalogue kind ("consent"); "" for all
    columns: tuple[Question, ...] = ()  # table: the questions of one row
    summary: tuple[str, ...] = ()  # table: the columns shown in the list
    short: str = ""  # msgid: a shorter label for a table's column heading


@dataclass(frozen=True)
class Toggle:
    """The one answer that skips a step: "Do you send a newsletter? No".

    mode "module": off keeps the answers under `enabled: false` (or removes an
    empty module); "list": off removes the list (the wizard can restore it
    until the profile is saved).
    """

    paths: tuple[str, ...]
    question: str  # msgid
    mode: Literal["module", "list"] = "module"


@dataclass(frozen=True)
class Step:
    id: str
    title: str  # msgid; short, it is listed in a narrow column
    intro: str  # msgid: why this step asks what it asks
    questions: tuple[Question, ...] = ()
    toggle: Toggle | None = None
    roots: tuple[str, ...] = ()  # top-level keys this step owns (findings land here)
    # Where the preview scrolls for this step: "term:<key in terms.yaml>" names a
    # heading of the documents, "value:<key path>" a value the user typed.
    preview: tuple[str, ...] = ()


# -- choices ----------------------------------------------------------------------

LEGAL_BASIS_LABELS: dict[str, str] = {
    "consent": N_("Consent (a)"),
    "contract": N_("Contract (b)"),
    "legal_obligation": N_("Legal obligation (c)"),
    "vital_interests": N_("Vital interests (d)"),
    "public_task": N_("Task in the public interest (e)"),
    "legitimate_interest": N_("Legitimate interest (f)"),
}
LEGAL_BASES = tuple(Choice(k, LEGAL_BASIS_LABELS[k]) for k in model.LEGAL_BASES)

CATEGORY_LABELS: dict[str, str] = {
    "necessary": N_("Necessary"),
    "preferences": N_("Preferences"),
    "statistics": N_("Statistics"),
    "marketing": N_("Marketing"),
}
CATEGORIES = tuple(Choice(k, CATEGORY_LABELS[k]) for k in model.CATEGORIES)

TRANSFER_LABELS: dict[str, str] = {
    "none": N_("Not needed (Norway or EU/EEA)"),
    "adequacy": N_("Adequacy decision (art. 45)"),
    "dpf": N_("EU-U.S. Data Privacy Framework"),
    "scc": N_("Standard contractual clauses (art. 46)"),
    "bcr": N_("Binding corporate rules (art. 47)"),
    "derogation": N_("Exception (art. 49)"),
}
TRANSFER_SHORT = {
    "none": "–",
    "adequacy": "art. 45",
    "dpf": "DPF",
    "scc": "SCC",
    "bcr": "BCR",
    "derogation": "art. 49",
}
TRANSFERS = tuple(Choice(k, TRANSFER_LABELS[k], short=TRANSFER_SHORT[k]) for k in model.TRANSFERS)

STORAGE_LABELS: dict[str, str] = {
    "cookie": N_("Cookie"),
    "local_storage": N_("Local storage"),
    "session_storage": N_("Session storage"),
    "indexed_db": N_("Browser database (IndexedDB)"),
    "pixel": N_("Pixel"),
}
STORAGES = tuple(Choice(k, STORAGE_LABELS[k]) for k in model.STORAGES)

CHANNEL_LABELS: dict[str, str] = {
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "contact_form": N_("Contact form on the website"),
    "chat": N_("Chat on the website"),
    "social_media": N_("Social media"),
}
CHANNELS = tuple(Choice(k, CHANNEL_LABELS[k]) for k in model.CHANNELS)

REMINDER_CHOICES = (Choice("sms", N_("SMS")), Choice("email", N_("E-mail")))

YES_NO_DESCRIBED = (Choice(False, N_("No")), Choice(True, N_("Yes, described below")))

CUSTOMER_KIND_LABELS: dict[str, str] = {
    "consumers": N_("Consumers (private persons)"),
    "businesses": N_("Businesses (their contact persons)"),
    "both": N_("Both"),
}
CUSTOMER_KINDS = tuple(Choice(k, CUSTOMER_KIND_LABELS[k]) for k in model.CUSTOMER_KINDS)

ROLE_LABELS: dict[str, str] = {
    "processor": N_("Processor: acts on your instructions"),
    "controller": N_("Controller: decides for itself"),
    "joint_controller": N_("Joint controller with you"),
    "self_hosted": N_("Runs on your own server: no recipient"),
}
ROLE_SHORT = {"processor": "DB", "controller": "BA", "joint_controller": "FBA", "self_hosted": "–"}
ROLES = tuple(Choice(k, ROLE_LABELS[k], short=ROLE_SHORT[k]) for k in model.ROLES)

ART9_LABELS: dict[str, str] = {
    "a": N_("a – explicit consent"),
    "b": N_("b – employment and social security law"),
    "c": N_("c – vital interests"),
    "d": N_("d – non-profit bodies"),
    "e": N_("e – made public by the person"),
    "f": N_("f – legal claims"),
    "g": N_("g – substantial public interest"),
    "h": N_("h – health and social care"),
    "i": N_("i – public health"),
    "j": N_("j – archives, research and statistics"),
}
ART9 = tuple(Choice(k, v) for k, v in ART9_LABELS.items())

FIRST_PARTY = (
    Choice(True, N_("Yes, set by our own website")),
    Choice(False, N_("No, set by a third party")),
)

# Locations are values written into the profile in the documents' language,
# so they are not translated; any other country can be typed in.
LOCATIONS = tuple(
    Choice(v, v, translate=False)
    for v in ("Norge", "EU/EØS", "USA", "Storbritannia", "Sveits", "Canada", "Japan")
)


# -- building blocks ----------------------------------------------------------------


def _basis_questions(key: str, cls: type[model.Module]) -> tuple[Question, ...]:
    """Legal basis, retention and systems: asked the same way in every module."""
    return (
        Question(
            f"{key}.legal_basis",
            N_("Legal basis"),
            N_(
                "Why the law allows this processing. Leave it empty to use the usual "
                "basis for this kind of processing."
            ),
            kind="choice",
            choices=LEGAL_BASES,
            default=cls.DEFAULT_BASIS or None,
        ),
        Question(
            f"{key}.legitimate_interest",
            N_("Your legitimate interest"),
            N_(
                "Say in a sentence what your interest is and why it weighs more than the "
                "person's privacy."
            ),
            when=When(f"{key}.legal_basis", equals="legitimate_interest"),
        ),
        Question(
            f"{key}.retention",
            N_("How long you keep it"),
            N_(
                "A period such as 12mo, 2y or 30d, or a criterion in words. F3 fills in "
                "the usual period."
            ),
            kind="duration",
            suggestion=cls.USUAL_RETENTION,
        ),
        Question(
            f"{key}.retention_note",
            N_("Counted from"),
            N_("When the period starts, in the reader's words."),
            placeholder="etter at saken er avsluttet",
            default=cls.ANCHOR,
        ),
        Question(
            f"{key}.systems",
            N_("Where the data is kept"),
            N_(
                "Tick the suppliers that hold this data. A new one: type its name "
                "below and press Enter."
            ),
            kind="systems",
        ),
    )


def _sensitive_questions(key: str, when: When | None = None) -> tuple[Question, ...]:
    """Special categories inside the processing they belong to (art. 9)."""
    on = When(f"{key}.sensitive")
    return (
        Question(
            f"{key}.sensitive",
            N_("This includes health or other sensitive data"),
            N_(
                "Allergies, health, sick leave, religion, union membership (art. 9). The "
                "notice then says why, on which exception, and whether it is voluntary."
            ),
            kind="present",
            when=when,
        ),
        Question(
            f"{key}.sensitive.data",
            N_("Which sensitive data"),
            kind="list-of-text",
            when=on,
            required=True,
            placeholder="allergier",
        ),
        Question(
            f"{key}.sensitive.art9_basis",
            N_("Exception in art. 9 nr. 2"),
            N_(
                "a (explicit consent) for what people choose to tell you; b for sick "
                "leave under employment law."
            ),
            kind="choice",
            choices=ART9,
            when=on,
            required=True,
        ),
        Question(
            f"{key}.sensitive.purpose",
            N_("What you need it for"),
            when=on,
            placeholder="unngå produkter som kan gi deg en reaksjon",
        ),
    )


COOKIE_COLUMNS = (
    Question(
        "name",
        N_("Name"),
        N_(
            "The cookie's name exactly as the browser shows it. A * "
            "stands for any characters (_ga_*)."
        ),
        required=True,
        placeholder="_ga",
    ),
    Question(
        "provider",
        N_("Provider"),
        N_("Who sets it. Type a few letters to pick a known service from the catalogue."),
        required=True,
        catalog=True,
        placeholder="Google Analytics",
    ),
    Question(
        "category",
        N_("Category"),
        N_("Only cookies the site cannot work without are necessary; all others need consent."),
        kind="choice",
        choices=CATEGORIES,
        required=True,
    ),
    Question("purpose", N_("Purpose"), N_("What it does, in the visitor's words."), required=True),
    Question(
        "duration",
        N_("Duration"),
        N_('How long it lasts: "session", "30min", "13mo", "2y".'),
        kind="duration",
        required=True,
    ),
    Question(
        "first_party",
        N_("Set by your own website?"),
        N_("Leave it empty: then it is first party when the provider is the business itself."),
        kind="choice",
        choices=FIRST_PARTY,
    ),
    Question("storage", N_("Stored as"), kind="choice", choices=STORAGES, default="cookie"),
)

PROCESSOR_COLUMNS = (
    Question(
        "name",
        N_("Name"),
        N_(
            "The service or company. Type a few letters to pick a known service from the "
            "catalogue; it fills in the rest."
        ),
        required=True,
        catalog=True,
        placeholder="Mailchimp",
    ),
    Question(
        "service", N_("What it does for you"), required=True, placeholder="utsending av nyhetsbrev"
    ),
    Question(
        "location",
        N_("Where the data is processed"),
        N_('A country, or "EU/EØS". Outside the EU/EEA the transfer needs a legal basis.'),
        kind="choice-or-text",
        choices=LOCATIONS,
        required=True,
        short=N_("Where"),
    ),
    Question(
        "transfer",
        N_("Transfer mechanism"),
        N_("Required when the data leaves the EU/EEA."),
        kind="choice",
        choices=TRANSFERS,
        short=N_("Transfer"),
    ),
    Question(
        "role",
        N_("Its role"),
        N_(
            "Leave it empty to use the catalogue's usual role, else processor. Payment "
            "providers, carriers and advertising platforms usually decide for "
            "themselves."
        ),
        kind="choice",
        choices=ROLES,
        short=N_("Role"),
    ),
    Question(
        "arrangement",
        N_("The arrangement, in a sentence"),
        N_("Who does what, and who answers people's requests (art. 26)."),
        when=When("role", equals="joint_controller"),
    ),
    Question(
        "arrangement_url",
        N_("Link to the arrangement"),
        kind="url",
        when=When("role", equals="joint_controller"),
    ),
    Question(
        "data", N_("What data it holds"), kind="list-of-text", placeholder="e-postadresse, navn"
    ),
    Question("url", N_("Link to its privacy policy"), kind="url"),
    Question(
        "dpa_signed",
        N_("Data processing agreement signed"),
        N_(
            "The day you signed or accepted it; the protocol's processor register shows "
            "it. Not for a supplier that decides for itself."
        ),
        kind="date",
        placeholder="2026-01-15",
    ),
)

ACTIVITY_COLUMNS = (
    Question("title", N_("Heading"), required=True, placeholder="Seminarer og kurs"),
    Question("purpose", N_("Purpose"), N_("Why you process the data."), required=True),
    Question(
        "data",
        N_("What data"),
        kind="list-of-text",
        required=True,
        placeholder="navn, e-postadresse",
    ),
    Question("legal_basis", N_("Legal basis"), kind="choice", choices=LEGAL_BASES, required=True),
    Question(
        "legitimate_interest",
        N_("Your legitimate interest"),
        when=When("legal_basis", equals="legitimate_interest"),
    ),
    Question("retention", N_("How long you keep it"), kind="duration"),
    Question("retention_note", N_("Counted from")),
    Question(
        "systems",
        N_("Where the data is kept"),
        N_(
            "Tick the suppliers that hold this data. A new one: type its name below "
            "and press Enter."
        ),
        kind="systems",
    ),
    Question(
        "data_subjects",
        N_("Whose data it is"),
        N_("The people the data is about; the protocol (art. 30) needs it."),
        kind="list-of-text",
        placeholder="kursdeltakere",
    ),
)

CHANGE_COLUMNS = (
    Question("date", N_("Date"), kind="date", required=True, placeholder="2026-11-22"),
    Question(
        "text",
        N_("What changed, for the reader"),
        required=True,
        placeholder="Vi bruker nå Klaviyo til nyhetsbrevet",
    ),
)


# -- the steps ------------------------------------------------------------------------

STEPS: tuple[Step, ...] = (
    Step(
        "business",
        N_("The business"),
        N_(
            "Who is responsible for the personal data (behandlingsansvarlig), and where people "
            "send questions about privacy."
        ),
        roots=("controller",),
        preview=("value:controller.name",),
        questions=(
            Question(
                "controller.name",
                N_("Name of the business"),
                required=True,
                placeholder="Fjordkaffe AS",
            ),
            Question(
                "controller.description",
                N_("What the business does, in a few words"),
                N_("Opens the notice, so readers know whose it is."),
                placeholder="frisørsalong i Bodø",
            ),
            Question(
                "controller.org_number",
                N_("Organisation number"),
                N_("Nine digits, from Brønnøysundregistrene."),
                placeholder="310123455",
            ),
            Question("controller.address.street", N_("Street address")),
            Question("controller.address.postal_code", N_("Postal code")),
            Question("controller.address.city", N_("Postal town")),
            Question("controller.address.country", N_("Country"), default="Norge"),
            Question(
                "controller.email",
                N_("E-mail for privacy questions"),
                N_("Where people ask about their data and exercise their rights."),
                kind="email",
                required=True,
                placeholder="personvern@firma.no",
            ),
            Question("controller.phone", N_("Phone"), kind="phone"),
            Question(
                "controller.website", N_("Website"), kind="url", placeholder="https://firma.no"
            ),
            Question(
                "controller.contact_person",
                N_("Who answers privacy questions"),
                placeholder="Kari Nordmann, daglig leder",
            ),
            Question(
                "controller.dpo",
                N_("We have appointed a data protection officer"),
                N_("Only if you have appointed a personvernombud; most small businesses have not."),
                kind="present",
            ),
            Question(
                "controller.dpo.name",
                N_("Name of the data protection officer"),
                when=When("controller.dpo"),
                required=True,
            ),
            Question(
                "controller.dpo.email",
                N_("E-mail of the data protection officer"),
                kind="email",
                when=When("controller.dpo"),
                required=True,
            ),
            Question(
                "controller.dpo.phone",
                N_("Phone of the data protection officer"),
                kind="phone",
                when=When("controller.dpo"),
            ),
            Question(
                "controller.rights_form_url",
                N_("Web form for requests"),
                N_("If people can use a form to ask for access or deletion."),
                kind="url",
            ),
            Question(
                "controller.processor_for_clients",
                N_("What you do for clients as their processor"),
                N_(
                    "For accounting, payroll or IT firms that handle their clients' data on "
                    "the clients' behalf. The notice says the client is responsible for "
                    "that data."
                ),
                placeholder="regnskapsføring og lønn",
            ),
        ),
    ),
    Step(
        "contact",
        N_("Contact"),
        N_(
            "When people phone, write or chat with you, you handle their personal data to "
            "answer them."
        ),
        toggle=Toggle(("contact",), N_("Can people contact you by phone, e-mail, form or chat?")),
        roots=("contact",),
        preview=("term:modules.contact",),
        questions=(
            Question(
                "contact.channels",
                N_("How people contact you"),
                kind="multi-choice",
                choices=CHANNELS,
                required=True,
            ),
            Question(
                "contact.social_media_platforms",
                N_("Which social media"),
                kind="list-of-text",
                placeholder="Facebook, Instagram",
                when=When("contact.channels", contains="social_media"),
            ),
            Question(
                "contact.phone_logs_kept",
                N_("The phone system logs calls"),
                N_("Number, time and length of calls are kept."),
                kind="bool",
                when=When("contact.channels", contains="phone"),
            ),
            Question(
                "contact.call_notes_to_crm",
                N_("Notes from calls go to the customer system"),
                kind="bool",
                when=When("contact.channels", contains="phone"),
            ),
            *_basis_questions("contact", model.Contact),
        ),
    ),
    Step(
        "bookings",
        N_("Bookings"),
        N_(
            "Appointments and reservations: who booked, when, and what for, and the "
            "reminders you send."
        ),
        toggle=Toggle(("bookings",), N_("Do people book appointments or tables with you?")),
        roots=("bookings",),
        preview=("term:modules.bookings",),
        questions=(
            Question(
                "bookings.data",
                N_("What you register about a booking"),
                kind="list-of-text",
                required=True,
                placeholder="navn, mobilnummer, tidspunkt, behandling",
            ),
            Question(
                "bookings.online", N_("People book on your website or in an app"), kind="bool"
            ),
            Question(
                "bookings.reminders",
                N_("Reminders you send before the appointment"),
                kind="multi-choice",
                choices=REMINDER_CHOICES,
            ),
            *_sensitive_questions("bookings"),
            *_basis_questions("bookings", model.Bookings),
        ),
    ),
    Step(
        "customers",
        N_("Customers"),
        N_("The customer and supplier register: agreements, deliveries and invoices."),
        toggle=Toggle(
            ("customers",),
            N_(
                "Do you have customers or suppliers who are people, or contact people at companies?"
            ),
        ),
        roots=("customers",),
        preview=("term:modules.customers",),
        questions=(
            Question(
                "customers.kind",
                N_("Who your customers are"),
                N_("Consumers never read about contact persons at companies."),
                kind="choice",
                choices=CUSTOMER_KINDS,
                default="both",
            ),
            Question(
                "customers.data",
                N_("What you register"),
                kind="list-of-text",
                required=True,
                placeholder="navn, adresse, telefonnummer, e-postadresse",
            ),
            Question(
                "customers.invoicing",
                N_("You sell to them (receipts or invoices)"),
                N_(
                    "Then the Bookkeeping Act decides how long receipts, invoices and "
                    "gift cards are kept."
                ),
                kind="bool",
            ),
            Question(
                "customers.public_sources",
                N_("Public sources you look people up in"),
                N_(
                    "Any source but brreg.no, proff.no, 1881.no and gulesider.no as "
                    '"source: what you take from it".'
                ),
                kind="list-of-text",
                placeholder="brreg.no, proff.no",
            ),
            Question("customers.delivery", N_("You send goods by a carrier"), kind="bool"),
            Question(
                "customers.complaints_retention",
                N_("How long you keep order data for complaints"),
                N_(
                    "Consumers may complain about goods for up to 5 years "
                    "(forbrukerkjøpsloven § 27)."
                ),
                kind="duration",
                when=When("customers.delivery"),
                placeholder="5y",
            ),
            *_sensitive_questions("customers"),
            *_basis_questions("customers", model.Customers),
        ),
    ),
    Step(
        "newsletter",
        N_("Newsletter"),
        N_(
            "Newsletters and marketing by e-mail need consent, and people must be able to "
            "unsubscribe."
        ),
        toggle=Toggle(("newsletter",), N_("Do you send a newsletter or marketing by e-mail?")),
        roots=("newsletter",),
        preview=("term:modules.newsletter",),
        questions=(
            Question(
                "newsletter.data",
                N_("What you register about subscribers"),
                kind="list-of-text",
                required=True,
                placeholder="e-postadresse, fornavn",
            ),
            Question("newsletter.tracks_opens", N_("You see who opens and clicks"), kind="bool"),
            Question(
                "newsletter.tracking_consent",
                N_("How sign-up asks for consent to that"),
                N_(
                    "Measuring opens reads the reader's device, which needs consent. Say "
                    "how the form asks."
                ),
                when=When("newsletter.tracks_opens"),
                required=True,
                placeholder="en egen avkrysningsboks i påmeldingsskjemaet",
            ),
            *_basis_questions("newsletter", model.Newsletter),
        ),
    ),
    Step(
        "recruitment",
        N_("Recruitment"),
        N_("Applicants send CVs and applications; the notice says what you keep and for how long."),
        toggle=Toggle(("recruitment",), N_("Do you hire, or receive job applications?")),
        roots=("recruitment",),
        preview=("term:modules.recruitment",),
        questions=(
            Question(
                "recruitment.data",
                N_("What applicants send or you collect"),
                kind="list-of-text",
                required=True,
                placeholder="CV, søknad, referanser",
            ),
            Question(
                "recruitment.keep_longer_with_consent",
                N_("You keep applications longer if the applicant agrees"),
                kind="bool",
            ),
            Question(
                "recruitment.references_by_agreement",
                N_("You contact referees only after agreeing it with the applicant"),
                kind="bool",
            ),
            Question(
                "recruitment.hired_to_personnel_file",
                N_("If hired, the application goes into the personnel file"),
                kind="bool",
            ),
            *_basis_questions("recruitment", model.Recruitment),
        ),
    ),
    Step(
        "website",
        N_("Website & cookies"),
        N_(
            "The website's server logs and every cookie it sets. Cookies that are not "
            "strictly necessary need consent."
        ),
        toggle=Toggle(("website",), N_("Do you have a website?")),
        roots=("website",),
        preview=("term:modules.website", "term:titles.cookies"),
        questions=(
            Question(
                "website.url",
                N_("Address of the website"),
                kind="url",
                required=True,
                placeholder="https://firma.no",
            ),
            Question(
                "website.consent_tool",
                N_("Consent tool"),
                N_(
                    "How visitors accept or refuse cookies, e.g. Cookiebot. Type a few "
                    "letters to pick a known tool: it adds the tool's cookies and the "
                    "tool as a supplier. Leave it empty if you have none."
                ),
                placeholder="Cookiebot",
                catalog=True,
                catalog_kind="consent",
            ),
            Question(
                "website.consent_settings",
                N_("Where visitors change their consent"),
                N_(
                    "The link or button, and where it is on the page, or its address. "
                    "Withdrawing must be as easy as consenting."
                ),
                when=When("website.consent_tool"),
                placeholder="lenken «Informasjonskapsler» nederst på hver side",
            ),
            # Asked so a finding about the site's basis has its field (it defaults to consent).
            *_basis_questions("website", model.Website)[:2],
            Question(
                "website.ip_logging",
                N_("The server logs IP addresses"),
                N_("Most web servers do, for security and troubleshooting."),
                kind="present",
            ),
            Question(
                "website.ip_logging.retention",
                N_("How long the logs are kept"),
                kind="duration",
                when=When("website.ip_logging"),
                required=True,
                placeholder="30d",
            ),
            Question(
                "website.ip_logging.purpose",
                N_("Why the logs are kept"),
                when=When("website.ip_logging"),
                default=model.IpLogging.__dataclass_fields__["purpose"].default,
            ),
            Question(
                "website.cookies",
                N_("Cookies and similar technologies"),
                N_(
                    "One row per cookie. Paste a list from a cookie scanner, or pick a "
                    "provider from the catalogue to add its cookies."
                ),
                kind="table",
                columns=COOKIE_COLUMNS,
                summary=("name", "provider", "category"),
            ),
            Question(
                "website.cookies_reviewed",
                N_("Cookie list last checked"),
                N_("The date you last compared the list with the live site."),
                kind="date",
                placeholder="2026-11-01",
            ),
            Question(
                "website.external_links",
                N_("The site links to other sites"),
                N_("Adds a sentence that you are not responsible for them."),
                kind="bool",
            ),
            Question(
                "website.systems",
                N_("Where the data is kept"),
                N_("Pick the suppliers that host the site or its logs."),
                kind="systems",
            ),
        ),
    ),
    Step(
        "processors",
        N_("Suppliers"),
        N_(
            "Suppliers that handle personal data for you (databehandlere): e-mail, "
            "accounting, hosting. The notice names each one and where the data goes."
        ),
        toggle=Toggle(
            ("processors",),
            N_("Do you use suppliers that handle personal data for you?"),
            mode="list",
        ),
        roots=("processors", "recipients"),
        preview=("value:processors[0].name",),
        questions=(
            Question(
                "processors",
                N_("Suppliers"),
                N_(
                    "Type a name to pick a known service from the catalogue: it fills in "
                    "what it does, where, and its cookies."
                ),
                kind="table",
                columns=PROCESSOR_COLUMNS,
                summary=("name", "location", "transfer"),
            ),
            Question(
                "recipients.authorities_when_required",
                N_("You give data to authorities when the law requires it"),
                kind="bool",
            ),
            Question(
                "recipients.partners",
                N_("Others you share data with"),
                N_("Describe in words anyone else who gets data, if any."),
                placeholder="samarbeidspartnere ved levering av en tjeneste",
            ),
            Question(
                "recipients.complete",
                N_("Nobody else receives personal data from you"),
                N_(
                    "Tick only if the suppliers and recipients above are all of them: then "
                    "the notice may say that you share with no one else and sell nothing."
                ),
                kind="bool",
            ),
        ),
    ),
    Step(
        "security",
        N_("Security & rights"),
        N_(
            "How you protect the data and handle requests, and whether you make automated "
            "decisions or process sensitive data."
        ),
        roots=(
            "security",
            "rights",
            "automated_decisions",
            "sensitive_data",
            "children",
            "changes_announced",
        ),
        preview=("value:security.measures[0]", "value:rights.verify_identity"),
        questions=(
            Question(
                "security.measures",
                N_("Security measures"),
                kind="list-of-text",
                placeholder="tilgangsstyring, kryptering, sikkerhetskopi",
            ),
            Question(
                "security.breach_routine", N_("You have a routine for data breaches"), kind="bool"
            ),
            Question(
                "rights.verify_identity",
                N_("You may ask people to confirm who they are before you act"),
                kind="bool",
            ),
            Question(
                "automated_decisions",
                N_("Do you make automated decisions or profile people?"),
                N_(
                    "Decisions made by a machine alone that affect people, such as "
                    "automatic credit checks. The notice says so either way, once you "
                    "answer."
                ),
                kind="choice",
                choices=YES_NO_DESCRIBED,
            ),
            Question(
                "automated_decisions.description",
                N_("What happens, in plain words"),
                when=When("automated_decisions"),
                required=True,
            ),
            Question(
                "sensitive_data",
                N_("You process sensitive data"),
                N_(
                    "Health, religion, ethnic origin, union membership, sexual orientation "
                    "or biometric data (art. 9)."
                ),
                kind="present",
            ),
            Question(
                "sensitive_data.description",
                N_("What data, and why"),
                when=When("sensitive_data"),
                required=True,
            ),
            Question(
                "sensitive_data.art9_basis",
                N_("Exception in art. 9 nr. 2"),
                kind="choice",
                choices=ART9,
                when=When("sensitive_data"),
            ),
            Question("children", N_("The service is aimed at children"), kind="bool"),
            Question(
                "changes_announced",
                N_("How you announce important changes to the notice"),
                placeholder="med en melding på forsiden av nettstedet",
            ),
        ),
    ),
    Step(
        "other",
        N_("Other processing"),
        N_("Anything the other steps do not cover: employees, seminars, video surveillance."),
        toggle=Toggle(
            ("employees", "other_activities"),
            N_("Do you process personal data in other ways?"),
            mode="list",
        ),
        roots=("employees", "other_activities"),
        preview=("term:modules.employees", "value:other_activities[0].title"),
        questions=(
            Question(
                "employees",
                N_("You have employees"),
                N_("Only an outline: employees get their own, fuller notice."),
                kind="present",
            ),
            Question(
                "employees.data",
                N_("What you register about employees"),
                kind="list-of-text",
                when=When("employees"),
                required=True,
                placeholder="fødselsnummer, kontonummer, fravær",
            ),
            Question(
                "employees.retention",
                N_("How long you keep it"),
                kind="duration",
                when=When("employees"),
                suggestion=model.Employees.USUAL_RETENTION,
            ),
            *_sensitive_questions("employees", when=When("employees")),
            Question(
                "other_activities",
                N_("Other activities"),
                N_("One row per activity, with its own purpose and legal basis."),
                kind="table",
                columns=ACTIVITY_COLUMNS,
                summary=("title", "legal_basis", "retention"),
            ),
        ),
    ),
    Step(
        "review",
        N_("Review & export"),
        N_(
            "Everything that is missing or wrong is listed here; pick a line to go to it. "
            "Then write the documents as HTML or Markdown."
        ),
        roots=(
            "schema_version",
            "language",
            "languages",
            "last_updated",
            "version_label",
            "changes",
        ),
        questions=(
            Question(
                "last_updated",
                N_("Last updated"),
                N_('The date shown as "Sist oppdatert". Leave it empty to use the date of export.'),
                kind="date",
                placeholder="2026-11-22",
            ),
            Question(
                "version_label",
                N_("Version"),
                N_('Shown as "Versjon 2.3" when set.'),
                placeholder="2.3",
            ),
            Question(
                "changes",
                N_("Change log"),
                N_(
                    "What changed, in your words: the notice shows the last five, newest "
                    "first. `notice-tui diff --record` writes a first draft."
                ),
                kind="table",
                columns=CHANGE_COLUMNS,
                summary=("date", "text"),
            ),
        ),
    ),
)

STEP_IDS = tuple(s.id for s in STEPS)


def step(step_id: str) -> Step:
    return next(s for s in STEPS if s.id == step_id)


def normalise(path: str) -> str:
    """processors[2].name -> processors[].name: the shape a question declares."""
    return paths.generic(path)


def iter_questions() -> Iterable[tuple[Step, str, Question]]:
    """Every question with its step and its absolute (normalised) path."""
    for s in STEPS:
        for q in s.questions:
            yield s, q.path, q
            for col in q.columns:
                yield s, f"{q.path}[].{col.path}", col


def step_for_path(path: str) -> Step:
    """The step that asks for `path`, or owns its top-level key; else the review step."""
    top = re.split(r"[.\[]", path, maxsplit=1)[0] if path else ""
    for s in STEPS:
        if top in s.roots:
            return s
    return STEPS[-1]


def key_order(parent: str) -> list[str]:
    """Keys of the mapping at `parent` in the order a person reads them.

    The questionnaire's order first (it follows the profile spec), then the
    model's fields, so a key the wizard adds lands beside its neighbours.
    """
    parent = normalise(parent)
    if parent == "":
        return _model_fields("")
    # A switched-off module says so first, where a reader sees it.
    keys: list[str] = ["enabled"]
    prefix = f"{parent}." if parent else ""
    for _step, path, _q in iter_questions():
        if path.startswith(prefix):
            head = path[len(prefix) :]
            first = re.split(r"[.\[]", head, maxsplit=1)[0]
            if first and first not in keys:
                keys.append(first)
    for name in _model_fields(parent):
        if name not in keys:
            keys.append(name)
    return keys


def _model_fields(parent: str) -> list[str]:
    import dataclasses
    import typing

    cls: Any = model.Profile
    for part in [p for p in re.split(r"\.|\[\]", parent) if p] if parent else []:
        hints = typing.get_type_hints(cls, vars(model))
        tp = hints.get(part)
        if tp is None:
            return []
        cls = _dataclass_in(tp)
        if cls is None:
            return []
    if parent == "":
        # schema_version, language ... belong before the modules, as in the spec.
        spec_top = ["schema_version", "language", "languages", "last_updated", "version_label"]
        rest = [f.name for f in dataclasses.fields(model.Profile) if f.name not in spec_top]
        return spec_top + rest
    return [f.name for f in dataclasses.fields(cls)]


def _dataclass_in(tp: Any) -> type | None:
    import dataclasses
    import typing

    if dataclasses.is_dataclass(tp):
        return tp  # type: ignore[return-value]
    for arg in typing.get_args(tp):
        found = _dataclass_in(arg)
        if found is not None:
            return found
    return None


@dataclass
class _Registry:
    """Lookup from normalised path to question, built once."""

    by_path: dict[str, Question] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for _step, path, q in iter_questions():
            self.by_path.setdefault(path, q)


_REGISTRY = _Registry()


def question_for(path: str) -> Question | None:
    return _REGISTRY.by_path.get(normalise(path))


# -- the wizard's words for key paths ------------------------------------------------------
#
# The checks name key paths and values ("set legal_basis: consent", "under 'systems'"): the
# words of the YAML file, right for the command line. The wizard shows the same findings
# beside questions that have labels, so it speaks of the labels instead. This is the one
# place that maps a key path (or a value of a choice) to what the form calls it.

_ROOT_STEPS: dict[str, Step] = {root: s for s in STEPS for root in s.roots}


def label_for(path: str) -> str | None:
    """The translated label of the question that asks `path`, or for a top-level key a
    step owns without asking it as one question, the step's title; None if not asked."""
    question = question_for(path)
    if question is not None:
        return _(question.label)
    if path in _ROOT_STEPS:
        return _(_ROOT_STEPS[path].title)
    # A mapping asked part by part (controller.address): its first question.
    inside = normalise(path) + "."
    first = next((q for _s, p, q in iter_questions() if p.startswith(inside)), None)
    return _(first.label) if first is not None else None


def path_words(path: str) -> str:
    """Where a key path is asked, in the form's words: "Leverandører · Rad 3 · Overføring"."""
    step = step_for_path(path)
    parts = [_(step.title)]
    if path in step.roots and question_for(path) is None:
        return parts[0]  # the step's part as a whole
    row = paths.first_index(path)
    table = question_for(row[0]) if row else None
    if row and table is not None and table.kind == "table":
        parts.append(_("Row {n}").format(n=row[1] + 1))
    question = question_for(path) or question_for(paths.strip_index(path))
    if question is not None and question.kind != "table":
        parts.append(_(question.label))
    elif path and question is None:
        label = label_for(path.split(".", 1)[0].split("[", 1)[0])
        if label is None or label == parts[0]:
            parts.append(_("a part the wizard does not ask"))
    return " · ".join(parts)


@dataclass(frozen=True)
class _Words:
    by_segment: dict[str, str]  # a key's last segment -> label msgid, when only one
    by_value: dict[str, tuple[str, bool]]  # a choice value -> (label, translate)


def _build_words() -> _Words:
    segments: dict[str, set[str]] = {}
    values: dict[str, set[tuple[str, bool]]] = {}
    for _step, path, q in iter_questions():
        segments.setdefault(re.split(r"[.\]]", path)[-1], set()).add(q.label)
        for c in q.choices:
            if isinstance(c.value, str):
                values.setdefault(c.value, set()).add((c.label, c.translate))
    return _Words(
        by_segment={k: next(iter(v)) for k, v in segments.items() if len(v) == 1},
        # Not the one-letter values (art. 9's "a"): in a sentence they are words.
        by_value={k: next(iter(v)) for k, v in values.items() if len(v) == 1 and len(k) > 2},
    )


_WORDS: _Words | None = None

# Value words that read as a key in any sentence; plainer ones ("consent", "none") are
# taken as values only right after "key:".
_VALUE_TOKENS = r"scc|dpf|bcr"
_TOKEN = re.compile(
    r"(?P<pair>\b(?P<key>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*):\s+"
    r"(?P<value>\"[^\"]*\"|[a-z][a-z_]*\b))"
    r"|'(?P<quoted>[a-z][a-z0-9_.]*)'"
    rf"|\b(?P<bare>[a-z][a-z0-9]*(?:[._][a-z0-9]+)+|{_VALUE_TOKENS})\b"
    # A lone English word: a key or value in a bokmål sentence ("skriv den i retention"),
    # but in an English one most often just a word; see wizard_words.
    r"|(?<![\w/.{-])(?P<word>[a-z]{3,})(?![\w/}-])"
)
_COMMAND = re.compile(r"notice-tui set \S+\.yaml (?P<path>[\w.\[\]]+) (?P<value>\S+)")
_PERIOD = re.compile(r"(?<![\w.])\d+(?:mo|y|w|d|h|min)\b")
_REPEATED = re.compile(r"(?P<label>[«“](?P<text>[^«»“”]+)[»”]) \((?P=text)\)")


def _plain(label: str) -> str:
    # "Samtykke (a)" -> "Samtykke": a label goes inside sentences that have brackets of
    # their own, and brackets are never nested more than one deep.
    return re.sub(r"\s*\([^()]*\)$", "", label)


def _quote(label: str) -> str:
    return _("“{label}”").format(label=_plain(label))


def _key_label(token: str, near: str) -> str | None:
    prefixes = []
    path = near
    while path:
        prefixes.append(path)
        shorter = paths.parent(path)
        path = "" if shorter == path else shorter
    for candidate in [*(f"{p}.{token}" for p in prefixes), token]:
        label = label_for(candidate)
        if label is not None:
            return label
    assert _WORDS is not None
    msgid = _WORDS.by_segment.get(token)
    return _(msgid) if msgid is not None else None


def _value_label(token: str) -> str | None:
    assert _WORDS is not None
    found = _WORDS.by_value.get(token)
    if found is None:
        return None
    label, translate = found
    return _(label) if translate else label


def wizard_words(text: str, near: str = "") -> str:
    """A finding's message or hint with the profile's keys and values told as the form
    tells them: "sett legal_basis: consent" -> "sett «Rettslig grunnlag»: «Samtykke»".

    `near` is the finding's key path: a key is looked up there first ("retention" in
    contact means contact.retention). Words that are no key or value stay as written.
    """
    global _WORDS
    if _WORDS is None:
        _WORDS = _build_words()
    english = current_language() == "en"

    def word(token: str, quoted: bool) -> str | None:
        # A quoted word names a key; a bare one is more often a value ("bruk scc").
        first, second = (_key_label, _value_label) if quoted else (_value_label, _key_label)
        label = first(token, near) if first is _key_label else _value_label(token)
        if label is None:
            label = second(token, near) if second is _key_label else _value_label(token)
        return _quote(label) if label is not None else None

    def command(match: re.Match[str]) -> str:
        # The command line's way to answer; the wizard's is the question itself.
        path, value = match.group("path"), match.group("value")
        question = question_for(path)
        if question is None:
            return match.group(0)
        label = _quote(_(question.label))
        if question.kind in ("bool", "present") or value in ("true", "false"):
            choice = next((c for c in question.choices if str(c.value).lower() == value), None)
            if choice is not None:
                return _("choose {value} in {label}").format(
                    value=_quote(_(choice.label)), label=label
                )
            return (_("tick {label}") if value == "true" else _("leave {label} unticked")).format(
                label=label
            )
        if question.kind == "date":
            return _("fill in {label}").format(label=label)
        if question.kind == "duration" and question.suggestion:
            return _("F3 fills it in")
        return _("write {value} in {label}").format(value=value, label=label)

    def period(match: re.Match[str]) -> str:
        from notice_tui.profile.durations import parse_duration

        return parse_duration(match.group(0)).format("en" if english else "nb")

    def replace(match: re.Match[str]) -> str:
        if match.group("pair"):
            token, raw = match.group("key"), match.group("value")
            value = None if raw.startswith('"') else _value_label(raw)
            key = _key_label(token, near)
            if key is not None and (value is not None or raw.startswith('"')):
                return f"{_quote(key)}: {_quote(value) if value else raw}"
            whole = match.group(0)
            cut = match.start("value") - match.start()
            return (
                _TOKEN.sub(replace, whole[: len(token)])
                + whole[len(token) : cut]
                + _TOKEN.sub(replace, raw)
            )
        if match.group("word"):
            if english:
                return match.group(0)
            shown = word(match.group("word"), quoted=False)
            return shown if shown is not None else match.group(0)
        token = match.group("quoted") or match.group("bare")
        shown = word(token, quoted=bool(match.group("quoted")))
        return shown if shown is not None else match.group(0)

    # "«Overføringsgrunnlag»: «EU-U.S. Data Privacy Framework» (EU-U.S. Data Privacy
    # Framework)": the label says it already.
    text = _COMMAND.sub(command, text)
    return _PERIOD.sub(period, _REPEATED.sub(r"\g<label>", _TOKEN.sub(replace, text)))
