"""Known services (processors, trackers, embeds) with the facts a notice needs.

The data lives in data/*.yaml, one file per kind, so a reviewer can check a
fact in a diff. Use `load_catalog()`; it parses the files once per process.
"""

from __future__ import annotations

from .model import (
    CATEGORIES,
    EEA_LOCATIONS,
    KIND_LABELS,
    KINDS,
    ROLES,
    STORAGES,
    TRANSFERS,
    CatalogCookie,
    CatalogError,
    Category,
    Kind,
    Role,
    Service,
    Storage,
    Transfer,
    kind_label,
)
from .store import Catalog, data_dir, load_catalog, load_services

__all__ = [
    "CATEGORIES",
    "EEA_LOCATIONS",
    "KINDS",
    "KIND_LABELS",
    "ROLES",
    "STORAGES",
    "TRANSFERS",
    "Catalog",
    "CatalogCookie",
    "CatalogError",
    "Category",
    "Kind",
    "Role",
    "Service",
    "Storage",
    "Transfer",
    "data_dir",
    "kind_label",
    "load_catalog",
    "load_services",
]
