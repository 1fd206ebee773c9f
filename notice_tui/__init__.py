"""notice-tui: Norwegian privacy notices and cookie declarations from a profile."""

__version__ = "0.1.0"
