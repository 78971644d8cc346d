from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Minimum standards")

    def ready(self) -> None:
        # The answer deadline lives in this app's rules; the staff overview (a lower app)
        # asks consultations.standards for it, which falls back to UNANSWERED_AFTER_DAYS.
        from consultations import standards
        from consultations.models import Municipality

        from .models import answer_days, give_new_municipality_rules

        standards.register_answer_days(answer_days)
        # A new municipality starts with the default rule set (consultations may not import this app,
        # so it cannot do it itself); Rule.objects.for_municipality also fills any gap later.
        post_save.connect(give_new_municipality_rules, sender=Municipality, dispatch_uid="compliance-default-rules")
