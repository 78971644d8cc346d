"""The admin of one municipality: only its members (and the national reader, and the operator) enter."""

from __future__ import annotations

import functools

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from .backends import is_member


class MunicipalAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return is_member(request.user, getattr(request, "municipality", None))

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @functools.wraps(inner)
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = request.user
            signed_in_elsewhere = user.is_active and user.is_staff and not self.has_permission(request)
            if signed_in_elsewhere and request.path != reverse("admin:logout", current_app=self.name):
                # Staff of another municipality: say so, rather than an empty admin or a login loop.
                return TemplateResponse(
                    request,
                    "admin/not_a_member.html",
                    {**self.each_context(request), "title": self.site_title},
                    status=403,
                )
            return inner(request, *args, **kwargs)

        return wrapper
