from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Minimum standards")

    def ready(self) -> None:
        from municipalities.models import Municipality

        from .models import give_new_municipality_rules

        # A new municipality starts with the default rule set (consultations may not import this app,
        # so it cannot do it itself); Rule.objects.for_municipality also fills any gap later.
        post_save.connect(give_new_municipality_rules, sender=Municipality, dispatch_uid="compliance-default-rules")
