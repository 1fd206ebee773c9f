"""What is worked out once per profile: a profile is read from its file and not changed
after, so a walk over it (its texts, its folded processor names) can be kept with it."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
P = TypeVar("P")


def per_profile(build: Callable[[P], T]) -> Callable[[P], T]:
    """`build(profile)`, worked out once for each profile object.

    Profiles are unhashable dataclasses, so they cannot key a WeakKeyDictionary: the
    cache is keyed by id, and a weak reference tells a reused id apart.
    """
    cache: dict[int, tuple[weakref.ref[P], T]] = {}  # type: ignore[type-var]

    def cached(profile: P) -> T:
        hit = cache.get(id(profile))
        if hit is not None and hit[0]() is profile:
            return hit[1]
        value = build(profile)
        for key in [k for k, (ref, _v) in cache.items() if ref() is None]:
            del cache[key]
        cache[id(profile)] = (weakref.ref(profile), value)  # type: ignore[arg-type]
        return value

    cached.__doc__ = build.__doc__
    cached.__wrapped__ = build  # type: ignore[attr-defined]
    return cached
