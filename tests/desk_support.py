"""Generated client profiles for the desk's tests: a consultant's folder, made in tmp.

All businesses are fictional; organisation numbers start with 310 (never a real one).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BASE = """\
# {name}: generert testprofil.
schema_version: 1
language: nb
last_updated: {updated}

controller:
  name: {name}
  email: post@{slug}.no

contact:
  channels: [email, phone]
  retention: {contact_retention}
  systems: [Microsoft 365]

security:
  measures: [tilgangsstyring, kryptering]
  breach_routine: true

automated_decisions: false
recipients:
  authorities_when_required: true
  complete: true

processors:
  - name: Microsoft 365
    service: e-post og dokumentlagring
    location: EU/EØS
    transfer: none
{processors}"""

NEWSLETTER = """\
newsletter:
  data: [e-postadresse]
  legal_basis: consent
  retention: til du melder deg av
  systems: [Mailchimp]
"""
MAILCHIMP = """\
  - name: Mailchimp
    service: utsending av nyhetsbrev
    location: USA
    transfer: dpf
"""
KLAVIYO = """\
  - name: Klaviyo
    service: utsending av nyhetsbrev
    location: USA
    transfer: dpf
"""


def website(cookies: str = "", reviewed: str = "2026-11-01") -> str:
    return (
        "website:\n  url: https://example-test.no\n"
        "  ip_logging: {retention: 30d}\n"
        "  consent_tool: Cookiebot\n"
        "  consent_settings: lenken «Informasjonskapsler» nederst på siden\n"
        f"  cookies_reviewed: {reviewed}\n"
        "  cookies:\n"
        "    - name: CookieConsent\n      provider: Cookiebot\n      category: necessary\n"
        "      purpose: Husker valget ditt\n      duration: 12mo\n      first_party: true\n"
        + cookies
    )


GA_COOKIE = (
    "    - name: _ga\n      provider: Google Analytics\n      category: statistics\n"
    "      purpose: Teller besøk\n      duration: 13mo\n      first_party: true\n"
)
FBP_COOKIE = (
    "    - name: _fbp\n      provider: Meta Pixel\n      category: marketing\n"
    "      purpose: Måler annonser\n      duration: 3mo\n"
)
COOKIEBOT = """\
  - name: Cookiebot
    service: innhenting av samtykke
    location: EU/EØS
    transfer: none
"""
GA = """\
  - name: Google Analytics
    service: statistikk over bruken av nettstedet
    location: USA
    transfer: dpf
"""
META = """\
  - name: Meta Pixel
    service: måling av annonser
    location: USA
    transfer: dpf
"""


def profile(
    name: str,
    *,
    updated: str = "2026-11-01",
    contact_retention: str = "12mo",
    newsletter: bool = False,
    klaviyo: bool = False,
    site: str | None = None,
    site_processors: str = "",
    extra: str = "",
) -> str:
    slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
    processors = (MAILCHIMP if newsletter else "") + (KLAVIYO if klaviyo else "")
    processors += site_processors
    text = BASE.format(
        name=name,
        slug=slug,
        updated=updated,
        contact_retention=contact_retention,
        processors=processors,
    )
    if newsletter:
        text += NEWSLETTER
    if site is not None:
        text += site
    return text + extra


def run(*args: str, cwd: Path | None = None, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTICE_TUI_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "notice_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def git(folder: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    res = subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, env=env, timeout=60, check=True
    )
    return res.stdout
