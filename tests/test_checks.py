"""The compliance rules: each one tripped by a profile and left quiet by a fixed one.

Every case is a YAML text run through the same pipeline as `notice-tui check`,
so the findings carry the rule id, severity, key path and line a user sees.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import pytest

from notice_tui import i18n
from notice_tui.checks import RULES, rules_common, run_checks
from notice_tui.findings import Finding, Severity, has_errors
from notice_tui.pipeline import Analysis, analyse, analyse_document
from notice_tui.profile.store import parse_text

SAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("sample_profiles").glob("*.yaml"))

TODAY = dt.date.today()
FUTURE = (TODAY + dt.timedelta(days=30)).isoformat()
RECENT = (TODAY - dt.timedelta(days=30)).isoformat()
LONG_AGO = (TODAY - dt.timedelta(days=400)).isoformat()


CONTROLLER = """\
controller:
  name: Testfirma AS
  org_number: "310123455"
  address: {street: Gata 1, postal_code: "0150", city: Oslo}
  email: post@testfirma.no
"""


def doc(*parts: str, controller: str = CONTROLLER) -> str:
    return "schema_version: 1\n" + dedent(controller) + "".join(dedent(p) for p in parts)


def run(text: str) -> Analysis:
    result = analyse_document(parse_text(text, "test.yaml"))
    assert result.valid, [f.format() for f in result.schema]
    return result


def by_rule(text: str, rule_id: str) -> list[Finding]:
    return [f for f in run(text).compliance if f.rule == rule_id]


# -- building blocks --------------------------------------------------------------------


def site(*cookies: str, consent_tool: str | None = "Cookiebot", extra: str = "") -> str:
    lines = ["website:", "  url: https://testfirma.no"]
    if consent_tool:
        lines.append(f"  consent_tool: {consent_tool}")
    if cookies:
        lines.append("  cookies:")
        for c in cookies:
            lines.extend(
                "      " + line if i else "    - " + line
                for i, line in enumerate(dedent(c).strip().splitlines())
            )
    out = "\n".join(lines) + "\n"
    return out + "".join("  " + line + "\n" for line in dedent(extra).strip().splitlines())


def cookie(
    name: str,
    provider: str = "Google Analytics",
    category: str = "statistics",
    duration: str = "13mo",
    purpose: str = "Teller besøk",
    extra: str = "",
) -> str:
    text = (
        f"name: {name}\nprovider: {provider}\ncategory: {category}\n"
        f"purpose: {purpose}\nduration: {duration}\n"
    )
    return text + dedent(extra)


def processor(
    name: str,
    location: str = "Norge",
    transfer: str | None = None,
    service: str = "drift av tjenesten",
) -> str:
    text = f"  - name: {name}\n    service: {service}\n    location: {location}\n"
    if transfer:
        text += f"    transfer: {transfer}\n"
    return text


def processors(*items: str) -> str:
    return "processors:\n" + "".join(items)


GA_PROCESSOR = processors(processor("Google Analytics", "USA", "dpf"))

ACTIVITY = """\
other_activities:
  - title: Kurs
    purpose: {purpose}
    data: [{data}]
    legal_basis: contract
    {retention}
"""


def activity(
    purpose: str = "administrere påmeldinger", data: str = "navn", retention: str = "retention: 3mo"
) -> str:
    return ACTIVITY.format(purpose=purpose, data=data, retention=retention)


def contact(extra: str = "retention: 12mo") -> str:
    return "contact:\n  channels: [email]\n" + "".join(
        "  " + line + "\n" for line in dedent(extra).strip().splitlines()
    )


# -- the cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    rule: str
    trips: str
    path: str
    clean: str

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.path}"


CASES: list[Case] = [
    # The business and the document.
    Case(
        "controller-identity-incomplete",
        doc(
            controller='controller:\n  name: Testfirma AS\n  org_number: "310123455"\n'
            "  email: post@testfirma.no\n"
        ),
        "controller.address",
        doc(),
    ),
    Case(
        "controller-identity-incomplete",
        doc(controller="controller:\n  name: Testfirma AS\n  email: post@testfirma.no\n"),
        "controller.org_number",
        doc(),
    ),
    Case(
        "dpo-shares-controller-email",
        doc(controller=CONTROLLER + "  dpo: {name: Ola, email: post@testfirma.no}\n"),
        "controller.dpo.email",
        doc(controller=CONTROLLER + "  dpo: {name: Ola, email: ombud@testfirma.no}\n"),
    ),
    Case(
        "dpo-mentioned-without-dpo",
        doc(controller=CONTROLLER + "  contact_person: Kari Nordmann, personvernombud\n"),
        "controller.contact_person",
        doc(controller=CONTROLLER + "  contact_person: Kari Nordmann, daglig leder\n"),
    ),
    Case(
        "last-updated-future",
        doc(f"last_updated: {FUTURE}\n"),
        "last_updated",
        doc(f"last_updated: {RECENT}\n"),
    ),
    Case(
        "last-updated-old",
        doc(f"last_updated: {LONG_AGO}\n"),
        "last_updated",
        doc(f"last_updated: {RECENT}\n"),
    ),
    Case(
        "children-parental-consent", doc("children: true\n"), "children", doc("children: false\n")
    ),
    Case(
        "automated-decisions-vague",
        doc("automated_decisions: Vi kredittsjekker.\n"),
        "automated_decisions.description",
        doc(
            "automated_decisions:\n  description: Når du velger faktura, sjekker Klarna "
            "automatisk kredittverdigheten din og avgjør om du får kjøpe på faktura.\n"
        ),
    ),
    # Cookies.
    Case(
        "cookie-necessary-tracking",
        doc(site(cookie("_ga", category="necessary")), GA_PROCESSOR),
        "website.cookies[0].category",
        doc(site(cookie("_ga")), GA_PROCESSOR),
    ),
    Case(
        "cookie-necessary-tracking",  # a name only our own list knows
        doc(site(cookie("_uetsid", provider="Testfirma AS", category="necessary"))),
        "website.cookies[0].category",
        doc(site(cookie("session", provider="Testfirma AS", category="necessary"))),
    ),
    Case(
        "cookie-necessary-tracking",  # known by its provider
        doc(
            site(cookie("hj_x", provider="Hotjar", category="necessary")),
            processors(processor("Hotjar", "EU/EØS")),
        ),
        "website.cookies[0].category",
        # The cookie that stores the consent choice is necessary, whoever sets it.
        doc(
            site(cookie("mtm_consent", provider="Matomo", category="necessary")),
            processors(processor("Matomo")),
        ),
    ),
    Case(
        "cookie-necessary-tracking",  # a pixel
        doc(
            site(
                cookie("px", provider="Testfirma AS", category="necessary", extra="storage: pixel")
            )
        ),
        "website.cookies[0].category",
        doc(
            site(
                cookie("px", provider="Testfirma AS", category="marketing", extra="storage: pixel")
            )
        ),
    ),
    Case(
        "cookie-category-mismatch",
        doc(site(cookie("_ga", category="marketing")), GA_PROCESSOR),
        "website.cookies[0].category",
        doc(site(cookie("_ga")), GA_PROCESSOR),
    ),
    Case(
        "cookie-consent-basis",
        doc(
            site(
                cookie("_ga"),
                extra="legal_basis: legitimate_interest\n"
                "legitimate_interest: Vi vil forbedre nettstedet ved å se hvordan det brukes",
            ),
            GA_PROCESSOR,
        ),
        "website.legal_basis",
        doc(site(cookie("_ga"), extra="legal_basis: consent"), GA_PROCESSOR),
    ),
    Case(
        "cookie-no-consent-tool",
        doc(site(cookie("_ga"), consent_tool=None), GA_PROCESSOR),
        "website.consent_tool",
        doc(site(cookie("_ga")), GA_PROCESSOR),
    ),
    Case(
        "consent-tool-browser-settings",
        doc(site(cookie("_ga"), consent_tool="innstillingene i nettleseren din"), GA_PROCESSOR),
        "website.consent_tool",
        doc(site(cookie("_ga")), GA_PROCESSOR),
    ),
    Case(
        "consent-tool-without-cookies",
        doc(site()),
        "website.consent_tool",
        doc(
            site(cookie("CookieConsent", provider="Cookiebot", category="necessary")),
            processors(processor("Cookiebot", "EU/EØS")),
        ),
    ),
    Case(
        "cookie-provider-not-recipient",
        doc(
            site(
                cookie("YSC", provider="YouTube", category="marketing", extra="first_party: false")
            )
        ),
        "website.cookies[0].provider",
        doc(
            site(
                cookie("YSC", provider="YouTube", category="marketing", extra="first_party: false")
            ),
            processors(processor("YouTube", "USA", "dpf")),
        ),
    ),
    Case(
        "cookie-provider-not-recipient",  # first-party analytics still feed the provider
        doc(site(cookie("_ga", extra="first_party: true"))),
        "website.cookies[0].provider",
        doc(site(cookie("_ga", extra="first_party: true")), GA_PROCESSOR),
    ),
    Case(
        "cookie-duration-long",
        doc(site(cookie("_ga", duration="2y")), GA_PROCESSOR),
        "website.cookies[0].duration",
        doc(site(cookie("_ga", duration="13mo")), GA_PROCESSOR),
    ),
    Case(
        "cookie-duration-unclear",
        doc(
            site(
                cookie(
                    "sid", provider="Testfirma AS", category="necessary", duration="ingen utløpstid"
                )
            )
        ),
        "website.cookies[0].duration",
        doc(site(cookie("sid", provider="Testfirma AS", category="necessary", duration="session"))),
    ),
    Case(
        "cookie-duplicate",
        doc(site(cookie("_ga"), cookie("_ga")), GA_PROCESSOR),
        "website.cookies[1].name",
        doc(site(cookie("_ga"), cookie("_ga_*")), GA_PROCESSOR),
    ),
    Case(
        "cookies-reviewed-old",
        doc(site(cookie("_ga"), extra=f"cookies_reviewed: {LONG_AGO}"), GA_PROCESSOR),
        "website.cookies_reviewed",
        doc(site(cookie("_ga"), extra=f"cookies_reviewed: {RECENT}"), GA_PROCESSOR),
    ),
    Case(
        "cookies-reviewed-future",
        doc(site(cookie("_ga"), extra=f"cookies_reviewed: {FUTURE}"), GA_PROCESSOR),
        "website.cookies_reviewed",
        doc(site(cookie("_ga"), extra=f"cookies_reviewed: {RECENT}"), GA_PROCESSOR),
    ),
    Case(
        "cookies-reviewed-missing",
        doc(site(cookie("_ga")), GA_PROCESSOR),
        "website.cookies",
        doc(site(cookie("_ga"), extra=f"cookies_reviewed: {RECENT}"), GA_PROCESSOR),
    ),
    Case(
        "website-ip-logging-missing",
        doc(site()),
        "website",
        doc(site(extra="ip_logging: {retention: 30d}")),
    ),
    Case(
        "tracking-service-without-cookies",
        doc(GA_PROCESSOR),
        "processors[0].name",
        doc(site(cookie("_ga")), GA_PROCESSOR),
    ),
    # Legal bases.
    Case(
        "newsletter-basis-invalid",
        doc("newsletter:\n  data: [e-post]\n  legal_basis: contract\n"),
        "newsletter.legal_basis",
        doc("newsletter:\n  data: [e-post]\n  legal_basis: consent\n"),
    ),
    Case(
        "newsletter-legitimate-interest",
        doc(
            "newsletter:\n  data: [e-post]\n  legal_basis: legitimate_interest\n"
            "  legitimate_interest: Tilbud til eksisterende kunder om lignende varer\n"
        ),
        "newsletter.legal_basis",
        doc("newsletter:\n  data: [e-post]\n"),
    ),
    Case(
        "newsletter-tracks-opens-no-consent",
        doc(
            "newsletter:\n  data: [e-post]\n  tracks_opens: true\n"
            "  legal_basis: legitimate_interest\n"
            "  legitimate_interest: Tilbud til eksisterende kunder om lignende varer\n"
        ),
        "newsletter.tracks_opens",
        doc("newsletter:\n  data: [e-post]\n  tracks_opens: true\n  legal_basis: consent\n"),
    ),
    Case(
        "legitimate-interest-vague",
        doc(
            contact(
                "retention: 12mo\nlegal_basis: legitimate_interest\n"
                "legitimate_interest: berettiget interesse"
            )
        ),
        "contact.legitimate_interest",
        doc(
            contact(
                "retention: 12mo\nlegal_basis: legitimate_interest\n"
                "legitimate_interest: Vi må kunne svare på spørsmålene du sender oss"
            )
        ),
    ),
    Case(
        "basis-unusual",
        doc(contact("retention: 12mo\nlegal_basis: public_task")),
        "contact.legal_basis",
        doc(contact("retention: 12mo\nlegal_basis: contract")),
    ),
    Case(
        "employees-consent",
        doc("employees:\n  data: [navn]\n  legal_basis: consent\n  retention: 3y\n"),
        "employees.legal_basis",
        doc("employees:\n  data: [navn]\n  retention: 3y\n"),
    ),
    Case(
        "recruitment-consent",
        doc("recruitment:\n  data: [CV]\n  legal_basis: consent\n  retention: 6mo\n"),
        "recruitment.legal_basis",
        doc("recruitment:\n  data: [CV]\n  retention: 6mo\n"),
    ),
    # Retention.
    Case(
        "retention-missing",
        doc(contact("phone_logs_kept: false")),
        "contact.retention",
        doc(contact()),
    ),
    Case(
        "retention-missing",
        doc(activity(retention="")),
        "other_activities[0].retention",
        doc(activity()),
    ),
    Case(
        "retention-vague",
        doc("customers:\n  data: [navn]\n  retention: så lenge det er nødvendig\n"),
        "customers.retention",
        doc("customers:\n  data: [navn]\n  retention: så lenge det er nødvendig, høyst 3 år\n"),
    ),
    Case(
        "retention-vague",
        doc(contact("retention: til du ber oss om å slette dem")),
        "contact.retention",
        doc(contact("retention: til saken er avsluttet")),
    ),
    Case(
        "retention-vague",
        doc(contact("retention: as long as necessary")),
        "contact.retention",
        doc(contact("retention: 12mo")),
    ),
    Case(
        "retention-vague",
        doc(site(extra="ip_logging: {retention: inntil videre}", consent_tool=None)),
        "website.ip_logging.retention",
        doc(site(extra="ip_logging: {retention: 30d}", consent_tool=None)),
    ),
    Case(
        "recruitment-retention-long",
        doc("recruitment:\n  data: [CV]\n  retention: 12mo\n"),
        "recruitment.retention",
        doc("recruitment:\n  data: [CV]\n  retention: 6mo\n"),
    ),
    Case(
        "customers-retention-bookkeeping",
        doc("customers:\n  data: [navn]\n  retention: 5y\n"),
        "customers.retention",
        doc("customers:\n  data: [navn]\n  retention: 3y\n  invoicing: true\n"),
    ),
    # Special categories.
    Case(
        "sensitive-data-no-art9-basis",
        doc("sensitive_data:\n  description: Vi registrerer sykefravær.\n"),
        "sensitive_data.art9_basis",
        doc("sensitive_data:\n  description: Vi registrerer sykefravær.\n  art9_basis: b\n"),
    ),
    Case(
        "health-data-without-art9",
        doc("employees:\n  data: [navn, fravær]\n  retention: 3y\n"),
        "employees.data[1]",
        doc(
            "employees:\n  data: [navn, fravær]\n  retention: 3y\n",
            "sensitive_data:\n  description: Fravær kan si noe om helsen.\n  art9_basis: b\n",
        ),
    ),
    Case(
        "health-data-without-art9",
        doc(activity(purpose="følge opp sykefravær")),
        "other_activities[0].purpose",
        doc(activity()),
    ),
    Case(
        "special-category-possible",
        doc(activity(data="navn, matallergier")),
        "other_activities[0].data[1]",
        doc(
            activity(data="navn, matallergier"),
            "sensitive_data:\n  description: Allergier du oppgir.\n  art9_basis: a\n",
        ),
    ),
    Case(
        "art9-consent-employees",
        doc(
            "employees:\n  data: [sykefravær]\n  retention: 3y\n",
            "sensitive_data:\n  description: Sykefravær.\n  art9_basis: a\n",
        ),
        "sensitive_data.art9_basis",
        doc(
            "employees:\n  data: [sykefravær]\n  retention: 3y\n",
            "sensitive_data:\n  description: Sykefravær.\n  art9_basis: b\n",
        ),
    ),
    # Other processing details.
    Case(
        "social-media-joint-controller",
        doc(
            contact(
                "retention: 12mo\nchannels: [social_media]\nsocial_media_platforms: [Facebook]"
            ).replace("  channels: [email]\n", "")
        ),
        "contact.social_media_platforms[0]",
        doc(
            contact(
                "retention: 12mo\nchannels: [social_media]\nsocial_media_platforms: [Mastodon]"
            ).replace("  channels: [email]\n", "")
        ),
    ),
    Case(
        "recipients-partners-vague",
        doc("recipients:\n  partners: samarbeidspartnere\n"),
        "recipients.partners",
        doc("recipients:\n  partners: transportøren som leverer pakken din\n"),
    ),
    # Free text.
    Case(
        "text-accept-by-use",
        doc(activity(purpose="Ved å bruke nettstedet godtar du at vi lagrer opplysningene")),
        "other_activities[0].purpose",
        # Consent by a clear act is what the law asks for.
        doc(activity(purpose="Ved å bruke knappen «Godta» samtykker du til statistikk")),
    ),
    Case(
        "text-accept-by-use",
        doc(site(cookie("_ga", purpose="By using this site you accept this cookie")), GA_PROCESSOR),
        "website.cookies[0].purpose",
        doc(site(cookie("_ga")), GA_PROCESSOR),
    ),
    Case(
        "text-anonymous-analytics",
        doc(site(cookie("_ga", purpose="Anonym statistikk over besøk")), GA_PROCESSOR),
        "website.cookies[0].purpose",
        # Anonymising applications later is no claim about visitors.
        doc(
            site(cookie("_ga")),
            GA_PROCESSOR,
            "recruitment:\n  data: [CV]\n  retention: 6mo\n"
            "  retention_note: deretter anonymiserer vi søknaden\n",
        ),
    ),
    Case(
        "text-placeholder",
        doc(controller=CONTROLLER + "  contact_person: <navn>\n"),
        "controller.contact_person",
        doc(controller=CONTROLLER + "  contact_person: Kari Nordmann\n"),
    ),
    Case(
        "text-placeholder",
        doc(activity(purpose="TODO")),
        "other_activities[0].purpose",
        doc(activity()),
    ),
    Case(
        "text-placeholder",
        doc(processors(processor("Tripletex", service="se her"))),
        "processors[0].service",
        doc(processors(processor("Tripletex"))),
    ),
    Case(
        "text-placeholder",
        doc(activity(purpose="administrere [...]")),
        "other_activities[0].purpose",
        doc(activity()),
    ),
    Case(
        "text-placeholder",
        doc("employees:\n  data: [navn]\n  retention: '...'\n"),
        "employees.retention",
        doc("employees:\n  data: [navn]\n  retention: 3y\n"),
    ),
    Case(
        "text-placeholder",
        doc(controller=CONTROLLER + "  website: https://www.example.com\n"),
        "controller.website",
        doc(controller=CONTROLLER + "  website: https://testfirma.no\n"),
    ),
    Case(
        "text-privacy-shield",
        doc(
            processors(
                processor(
                    "Mailchimp",
                    "USA",
                    "scc",
                    service="nyhetsbrev, sertifisert under Privacy Shield",
                )
            )
        ),
        "processors[0].service",
        doc(processors(processor("Mailchimp", "USA", "scc", service="nyhetsbrev"))),
    ),
    Case(
        "text-paragraph-6",
        doc(
            contact(
                "retention: 12mo\nlegal_basis: legitimate_interest\n"
                "legitimate_interest: Vi må kunne svare deg, jf. GDPR § 6 nr. 1 f"
            )
        ),
        "contact.legitimate_interest",
        doc(
            contact(
                "retention: 12mo\nlegal_basis: legitimate_interest\n"
                "legitimate_interest: Vi må kunne svare deg, jf. arbeidsmiljøloven § 6-2 "
                "og personopplysningsloven § 6"
            )
        ),
    ),
    Case(
        "text-other-company",
        doc(activity(purpose="sende påmeldingen videre til Eksempelfirma AS")),
        "other_activities[0].purpose",
        doc(
            activity(purpose="sende påmeldingen til Testfirma AS og Kursleverandøren AS"),
            processors(processor("Kursleverandøren")),
        ),
    ),
    Case(
        "text-no-sharing-claim",
        doc(
            activity(purpose="Vi deler ikke opplysningene med noen"),
            processors(processor("Tripletex")),
        ),
        "other_activities[0].purpose",
        doc(
            activity(purpose="Vi gir ikke opplysningene til andre enn leverandørene våre"),
            processors(processor("Tripletex")),
        ),
    ),
    Case(
        "text-last-updated",
        doc(activity(purpose="administrere påmeldinger (sist oppdatert 1. mars 2023)")),
        "other_activities[0].purpose",
        doc(activity()),
    ),
    # Processors and transfers.
    Case(
        "transfer-dpf-not-us",
        doc(processors(processor("Shopify", "Canada", "dpf"))),
        "processors[0].transfer",
        doc(processors(processor("Shopify", "Canada", "adequacy"))),
    ),
    Case(
        "transfer-adequacy-no-decision",
        doc(processors(processor("Slack", "USA", "adequacy"))),
        "processors[0].transfer",
        doc(processors(processor("Slack", "USA", "dpf"))),
    ),
    Case(
        "transfer-adequacy-no-decision",
        doc(processors(processor("Utvikler", "India", "adequacy"))),
        "processors[0].transfer",
        doc(processors(processor("Utvikler", "India", "scc"))),
    ),
    # What the documents would otherwise have to invent.
    Case("no-processing", doc(), "", doc(contact())),
    Case(
        "recipients-unconfirmed",
        doc(contact()),
        "processors",
        doc(contact(), "recipients:\n  complete: true\n"),
    ),
    Case(
        "recipients-complete-unanswered",
        doc(contact(), processors(processor("Fiken"))),
        "recipients.complete",
        doc(contact(), processors(processor("Fiken")), "recipients:\n  complete: true\n"),
    ),
    Case(
        "module-system-unnamed",
        doc(contact()),
        "contact.systems",
        doc(contact("retention: 12mo\nsystems: [Fiken]"), processors(processor("Fiken"))),
    ),
    Case(
        "newsletter-tracking-consent-unsaid",
        doc(
            "newsletter:\n  data: [e-post]\n  tracks_opens: true\n"
            "  retention: til du melder deg av\n"
        ),
        "newsletter.tracking_consent",
        doc(
            "newsletter:\n  data: [e-post]\n  tracks_opens: true\n"
            "  retention: til du melder deg av\n  tracking_consent: en egen avkrysningsboks\n"
        ),
    ),
    Case(
        "consent-settings-missing",
        doc(site(cookie("_ga")), GA_PROCESSOR),
        "website.consent_settings",
        doc(site(cookie("_ga"), extra="consent_settings: lenken nederst på siden"), GA_PROCESSOR),
    ),
    Case(
        "cookies-unlisted",
        doc(site()),
        "website.cookies",
        doc(site(extra="cookies_reviewed: 2026-11-01")),
    ),
    Case(
        "joint-controller-arrangement",
        doc(processors(processor("Annonsepartner", "Irland") + "    role: joint_controller\n")),
        "processors[0].arrangement",
        doc(
            processors(
                processor("Annonsepartner", "Irland") + "    role: joint_controller\n"
                "    arrangement: Vi samler inn, partneren svarer på henvendelser\n"
                "    arrangement_url: https://example.com/avtale\n"
            )
        ),
    ),
    Case(
        "role-from-catalog",
        doc(processors(processor("Klarna", "Sverige"))),
        "processors[0].role",
        doc(processors(processor("Klarna", "Sverige") + "    role: controller\n")),
    ),
    Case(
        "public-source-unexplained",
        doc("customers:\n  data: [navn]\n  retention: 2y\n  public_sources: [skatteetaten.no]\n"),
        "customers.public_sources[0]",
        doc(
            "customers:\n  data: [navn]\n  retention: 2y\n"
            '  public_sources: ["skatteetaten.no: skattekort", brreg.no]\n'
        ),
    ),
    Case(
        "complaints-retention-unsaid",
        doc("customers:\n  kind: consumers\n  data: [navn]\n  retention: 2y\n  delivery: true\n"),
        "customers.complaints_retention",
        doc(
            "customers:\n  kind: consumers\n  data: [navn]\n  retention: 2y\n"
            "  delivery: true\n  complaints_retention: 5y\n"
        ),
    ),
    Case(
        "automated-decisions-unanswered",
        doc(contact()),
        "automated_decisions",
        doc(contact(), "automated_decisions: false\n"),
    ),
    Case(
        "last-updated-missing",
        doc(contact()),
        "last_updated",
        doc(f"last_updated: {RECENT}\n", contact()),
    ),
    Case(
        "transfer-location-unknown",
        doc(processors(processor("Lagring", "skyen"))),
        "processors[0].location",
        doc(processors(processor("Lagring", "Norge"))),
    ),
    Case(
        "transfer-inside-eea",
        doc(processors(processor("Fiken", "Norge", "scc"))),
        "processors[0].transfer",
        doc(processors(processor("Fiken", "Norge", "none"))),
    ),
    Case(
        "transfer-derogation",
        doc(processors(processor("Utvikler", "India", "derogation"))),
        "processors[0].transfer",
        doc(processors(processor("Utvikler", "India", "scc"))),
    ),
    Case(
        "transfer-dpf-verify",
        doc(processors(processor("Slack", "USA", "dpf"))),
        "processors[0].transfer",
        doc(processors(processor("Slack", "USA", "scc"))),
    ),
    Case(
        "processor-location-differs",
        doc(processors(processor("Microsoft 365", "EU/EØS"))),
        "processors[0].location",
        doc(processors(processor("Microsoft 365", "USA", "dpf"))),
    ),
    Case(
        "processor-location-differs",
        doc(processors(processor("TikTok", "USA", "dpf"))),
        "processors[0].transfer",
        doc(processors(processor("TikTok", "USA", "scc"))),
    ),
    Case(
        "processor-is-controller",
        doc(processors(processor("Pinterest", "USA", "dpf"))),
        "processors[0].name",
        doc(processors(processor("Tripletex"))),
    ),
    Case(
        "processor-duplicate",
        doc(processors(processor("Tripletex"), processor("tripletex"))),
        "processors[1].name",
        doc(processors(processor("Tripletex"), processor("Fiken"))),
    ),
    Case(
        "system-not-processor",
        doc(contact("retention: 12mo\nsystems: [SuperOffice]")),
        "contact.systems[0]",
        doc(
            contact("retention: 12mo\nsystems: [SuperOffice]"), processors(processor("SuperOffice"))
        ),
    ),
    Case(
        "processor-unused",
        doc(processors(processor("SuperOffice"))),
        "processors[0].name",
        doc(
            contact("retention: 12mo\nsystems: [SuperOffice]"), processors(processor("SuperOffice"))
        ),
    ),
    Case(
        "processor-dpa-missing",
        doc(processors(processor("Tripletex"))),
        "processors[0].dpa_signed",
        doc(processors(processor("Tripletex") + "    dpa_signed: 2026-01-15\n")),
    ),
    # Documents in another language than the profile's texts.
    Case(
        "language-untranslated",
        doc("languages: [nb, en]\n", activity()),
        "other_activities",
        doc(
            "languages: [nb, en]\n",
            """\
             other_activities:
               - title: {nb: Kurs, en: Courses}
                 purpose: {nb: administrere påmeldinger, en: handle sign-ups}
                 data: {nb: [navn], en: [name]}
                 legal_basis: contract
                 retention: 3mo
             """,
        ),
    ),
    Case(
        "language-missing-translation",
        doc(
            "languages: [nb, en]\n", contact("retention: 12mo\nretention_note: {nb: etter svaret}")
        ),
        "contact.retention_note",
        doc(
            "languages: [nb, en]\n",
            contact("retention: 12mo\nretention_note: {nb: etter svaret, en: after our answer}"),
        ),
    ),
    Case(
        "processor-dpa-missing",
        doc(processors(processor("Tripletex"))),
        "processors[0].dpa_signed",
        doc(processors(processor("Tripletex") + "    dpa_signed: 2026-01-15\n")),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_trips(case: Case) -> None:
    found = by_rule(case.trips, case.rule)
    assert found, f"{case.rule} did not trip"
    assert case.path in [f.path for f in found]
    for f in found:
        assert f.severity is RULES[case.rule].severity
        assert f.line is not None and f.column is not None, f.format()
        assert f.message and f.hint
        assert f.file == "test.yaml"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_stays_quiet(case: Case) -> None:
    assert by_rule(case.clean, case.rule) == []


def test_every_rule_has_a_case() -> None:
    assert set(RULES) - {c.rule for c in CASES} == set()


def test_every_rule_has_a_summary_and_kebab_id() -> None:
    for rule_id, r in RULES.items():
        assert r.summary, rule_id
        assert rule_id == rule_id.lower() and " " not in rule_id and "_" not in rule_id


# -- positions, once-only findings, the schema's share ----------------------------------


def test_the_line_is_the_line_of_the_key() -> None:
    text = doc(site(cookie("_ga", category="necessary")), GA_PROCESSOR)
    (finding,) = by_rule(text, "cookie-necessary-tracking")
    lines = text.splitlines()
    assert lines[finding.line - 1].strip() == "category: necessary"
    assert finding.format().startswith(f"test.yaml:{finding.line}:")


def test_dpf_reminder_comes_once_per_profile() -> None:
    text = doc(processors(processor("Slack", "USA", "dpf"), processor("Zoom", "USA", "dpf")))
    (finding,) = by_rule(text, "transfer-dpf-verify")
    assert "Slack" in finding.message and "Zoom" in finding.message
    assert "dataprivacyframework.gov/list" in finding.hint


@pytest.mark.parametrize("key", ["sensitive_data", "automated_decisions"])
def test_true_without_description_is_reported_once(key: str) -> None:
    result = analyse_document(parse_text(doc(f"{key}: true\n"), "test.yaml"))
    assert [f.path for f in result.findings] == [key]
    assert has_errors(result.findings)


def test_no_transfer_outside_the_eea_is_the_schemas_error_only() -> None:
    result = analyse_document(
        parse_text(doc(processors(processor("Slack", "USA", "none"))), "test.yaml")
    )
    assert [(f.rule, f.path) for f in result.findings] == [("schema", "processors[0].transfer")]


def test_a_provider_named_twice_is_reported_once() -> None:
    text = doc(
        site(cookie("_ga", extra="first_party: true"), cookie("_ga_*", extra="first_party: true"))
    )
    assert len(by_rule(text, "cookie-provider-not-recipient")) == 1


def test_switched_off_modules_are_not_judged() -> None:
    text = doc(
        "newsletter:\n  enabled: false\n  data: [e-post]\n  legal_basis: contract\n"
        "  retention: TODO\n"
    )
    ids = {f.rule for f in run(text).compliance}
    assert not {"newsletter-basis-invalid", "text-placeholder"} & ids


def test_messages_format_in_every_language() -> None:
    text = doc(f"last_updated: {FUTURE}\n")
    english = by_rule(text, "last-updated-future")[0].message
    i18n.set_language("nb")
    norwegian = by_rule(text, "last-updated-future")[0].message
    assert FUTURE in english and FUTURE in norwegian


def test_rules_work_without_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    # The catalogue is an optional part: an import that fails must weaken, not break.
    monkeypatch.setitem(sys.modules, "notice_tui.catalog", None)
    assert rules_common.catalog() is None
    text = doc(
        site(
            cookie("_ga", category="necessary"), cookie("x", provider="Meta", category="necessary")
        ),
        processors(processor("Meta", "USA", "dpf")),
    )
    found = [(f.rule, f.path) for f in run(text).compliance]
    assert ("cookie-necessary-tracking", "website.cookies[0].category") in found
    assert ("cookie-necessary-tracking", "website.cookies[1].category") in found


def test_run_checks_without_a_tree_has_no_lines() -> None:
    profile, _findings = parse_text(doc("children: true\n")).parse()
    assert profile is not None
    (finding,) = [f for f in run_checks(profile) if f.rule == "children-parental-consent"]
    assert finding.line is None and finding.severity is Severity.HINT


# -- the samples and the command line ----------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_samples_have_no_errors(path: Path) -> None:
    result = analyse(path)
    assert result.valid
    assert not has_errors(result.findings), [
        f.format() for f in result.findings if f.severity is Severity.ERROR
    ]


def test_check_exits_1_on_an_error_and_reports_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from notice_tui.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        doc("newsletter:\n  data: [e-post]\n  legal_basis: contract\n"), encoding="utf-8"
    )
    assert main(["check", "--format", "json", str(bad)]) == 1
    report = json.loads(capsys.readouterr().out)
    (entry,) = [e for e in report if e["rule"] == "newsletter-basis-invalid"]
    assert entry["severity"] == "error" and entry["path"] == "newsletter.legal_basis"
    assert entry["line"] == 9 and entry["file"] == str(bad)
