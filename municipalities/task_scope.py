"""Temporary: the scoping helpers tasks enter, until municipalities.scoping lands on main."""

from __future__ import annotations

try:
    from municipalities.scoping import every_municipality, scope
except ImportError:  # pragma: no cover - removed once the scoping is merged
    from contextlib import nullcontext

    def scope(municipality):
        """A no-op until the scoping lands."""
        return nullcontext()

    def every_municipality(reason: str):
        """A no-op until the scoping lands."""
        return nullcontext()


__all__ = ["every_municipality", "scope"]
