"""The guard that keeps one municipality's rows out of another's pages: every query runs in a scope.

Every model a municipality owns (directly or through its parent) has a scoped default manager
(`scoped_manager`). Its queries are filtered to the municipality of the active scope:

    with scope(municipality):        # a request (municipalities.middleware), a task, a command's --municipality
        Hearing.objects.all()        # only this municipality's hearings

Without an active scope a query on those rows raises ScopeError when it is evaluated, so that a
forgotten filter fails a test instead of showing another municipality's rows (the idea of
django-scopes, which pretix uses; written here so that a scoped manager keeps its model's own
queryset methods). The few places that must see every municipality leave the guard by name:

    with every_municipality("the mail worker sends every municipality's queue"):
        ...

(the platform operator's pages, migrations (historical models have plain managers), the worker, the
national view, backups of the whole installation). The reason is for the reader; it is not stored.

A scope of None (the installation's main domain, which belongs to no municipality) finds nothing.
Forward relations (hearing.plan) use the base manager and are not filtered: the row they start
from was already in scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models

from web.site_context import no_site, site


class ScopeError(RuntimeError):
    """A query on a municipality's rows ran with no municipality in scope."""


@dataclass(frozen=True)
class _Scope:
    municipality: Any = None  # a Municipality, or None for "no municipality" (finds nothing)
    everything: bool = False


_state: ContextVar[_Scope | None] = ContextVar("municipality_scope", default=None)


@contextmanager
def scope(municipality) -> Iterator[None]:
    """Queries inside see only this municipality's rows (None: no rows at all).

    Its public address and page-cache version come with it (web.site_context): absolute links made
    inside point to its primary domain, never to the request's Host.
    """
    token = _state.set(_Scope(municipality=municipality))
    try:
        if municipality is None:
            with no_site():
                yield
        else:
            with site(municipality.slug, municipality.public_url):
                yield
    finally:
        _state.reset(token)


@contextmanager
def every_municipality(reason: str) -> Iterator[None]:
    """The named way out of the guard: queries inside see every municipality's rows."""
    del reason  # said for the reader of the calling code
    token = _state.set(_Scope(everything=True))
    try:
        with no_site():
            yield
    finally:
        _state.reset(token)


def active_scope() -> _Scope | None:
    return _state.get()


def scoped_municipality():
    """The municipality of the active scope (None when there is none or when every one is in scope)."""
    current = _state.get()
    return current.municipality if current is not None else None


class _GuardedQuerySetMixin:
    """A queryset made with no scope active: it finds nothing and raises when it is evaluated."""

    _scope_missing = False

    def _clone(self):
        clone = super()._clone()
        clone._scope_missing = self._scope_missing
        return clone

    def _check_scope(self) -> None:
        if self._scope_missing:
            raise ScopeError(
                f"A query on {self.model._meta.label} needs a municipality in scope "
                "(municipalities.scoping.scope) or a named way out (every_municipality)."
            )

    def _fetch_all(self):
        self._check_scope()
        return super()._fetch_all()

    def count(self):
        self._check_scope()
        return super().count()

    def exists(self):
        self._check_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def iterator(self, *args, **kwargs):
        self._check_scope()
        return super().iterator(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scope()
        return super().update(**kwargs)

    def delete(self):
        self._check_scope()
        return super().delete()


_guarded_classes: dict[type, type] = {}


def _guarded(queryset_class: type[models.QuerySet]) -> type[models.QuerySet]:
    if queryset_class not in _guarded_classes:
        _guarded_classes[queryset_class] = type(
            f"Scoped{queryset_class.__name__}", (_GuardedQuerySetMixin, queryset_class), {}
        )
    return _guarded_classes[queryset_class]


def scoped_manager(path: str, queryset_class: type[models.QuerySet] = models.QuerySet) -> models.Manager:
    """A default manager whose queries see only the scoped municipality's rows.

    path: the lookup from the model to its municipality, e.g. "plan__municipality".
    """
    guarded = _guarded(queryset_class)

    class ScopedManager(models.Manager.from_queryset(guarded)):
        scope_path = path

        def get_queryset(self):
            queryset = super().get_queryset()
            current = _state.get()
            if current is not None and current.everything:
                return queryset
            if current is None:
                queryset = queryset.none()
                queryset._scope_missing = True
                return queryset
            if current.municipality is None:
                return queryset.none()
            return queryset.filter(**{path: current.municipality.pk if path == "pk" else current.municipality})

    ScopedManager.__name__ = f"ScopedManager[{queryset_class.__name__}]"
    return ScopedManager()
