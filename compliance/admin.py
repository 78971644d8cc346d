"""The officer edits the municipality's rule set; the hearing form warns against the rules.

Changes are logged by the admin (who, when, which field), so turning a rule off is in the history.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from consultations.models import Hearing
from municipalities.models import Municipality

from .models import Rule, ensure_default_rules
from .rules import hearing_warnings

CONFIRM_NOTICE = _(
    "These defaults follow the law and the ministry's instruction as the portal reads them: "
    "the municipality's legal office must confirm each number, source and value before they are relied on."
)


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("number", "code", "parameter", "unit", "enabled", "municipality")
    list_display_links = ("number", "code")
    list_filter = ("enabled", "municipality")
    list_select_related = ("municipality",)
    readonly_fields = ("code", "unit", "municipality", "updated_at")
    fields = ("municipality", "code", "number", "legal_source", ("parameter", "unit"), "enabled", "updated_at")

    @admin.display(description=_("unit"))
    def unit(self, rule: Rule) -> str:
        return str(rule.unit)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # every rule exists from the start; the officer edits or turns it off

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # A municipality added after the migration gets its defaults the first time anyone looks.
        for municipality in Municipality.objects.all():
            ensure_default_rules(municipality)
        messages.info(request, CONFIRM_NOTICE)
        return super().changelist_view(request, extra_context)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        if request.method == "GET":
            messages.info(request, CONFIRM_NOTICE)
        return super().change_view(request, object_id, form_url, extra_context)


# The hearing form warns after saving when the minimum standards are not met (never blocks). The
# consultations admin knows nothing of this app (apps depend one way), so this app adds it, as the
# register adds the hearing's requests (register/admin.py).
_hearing_admin = admin.site.get_model_admin(Hearing)
_save_related = _hearing_admin.save_related


def _save_related_and_warn(request: HttpRequest, form, formsets, change: bool) -> None:
    _save_related(request, form, formsets, change)
    for warning in hearing_warnings(form.instance):
        messages.warning(request, warning)


_hearing_admin.save_related = _save_related_and_warn
