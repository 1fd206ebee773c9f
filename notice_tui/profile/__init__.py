"""The profile: typed model, loading and saving, migrations, durations."""

from notice_tui.profile.model import SCHEMA_VERSION, Profile
from notice_tui.profile.store import (
    ProfileDocument,
    ProfileError,
    SaveError,
    load,
    load_profile,
    parse_text,
)

__all__ = [
    "SCHEMA_VERSION",
    "Profile",
    "ProfileDocument",
    "ProfileError",
    "SaveError",
    "load",
    "load_profile",
    "parse_text",
]
