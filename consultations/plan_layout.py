"""The annual plan as the municipality's form lays it out: its rows, in its order, with its labels.

The labels are English msgids in the context "plan form"; translators render them as the
Albanian labels of the municipality's own plan form (the one its 2025 plan is written on), so
the officer who wrote the plan recognises it on the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import pgettext_lazy

from web.fallback import LocalizedText, localized, localized_items

from .models import ConsultationPlan


@dataclass(frozen=True)
class PlanRow:
    """One row of the plan's table: a label and a value of one kind."""

    label: str
    kind: str  # "text", "lines", "date", "budget" or "plain"
    text: LocalizedText | None = None
    lines: list[str] = field(default_factory=list)
    date: datetime.date | None = None
    amount: Decimal | None = None
    plain: str = ""

    @property
    def is_empty(self) -> bool:
        if self.kind == "text":
            return not self.text
        if self.kind == "lines":
            return not self.lines
        if self.kind == "date":
            return self.date is None
        if self.kind == "budget":
            return False  # no amount means "undetermined", which is a value
        return not self.plain

    @property
    def is_fallback(self) -> bool:
        return bool(self.text and self.text.is_fallback)


# (label, source, kind) in the order of the municipality's form.
_ROWS = (
    (pgettext_lazy("plan form", "Municipality"), "municipality", "plain"),
    (pgettext_lazy("plan form", "Participants in public consultations"), "participants", "lines"),
    (pgettext_lazy("plan form", "Budget"), "budget", "budget"),
    (pgettext_lazy("plan form", "Purpose of the consultation"), "purpose", "text"),
    (pgettext_lazy("plan form", "Process holders"), "process_holders", "lines"),
    (pgettext_lazy("plan form", "Objectives / aims of the consultation"), "objectives", "text"),
    (pgettext_lazy("plan form", "Others involved"), "others_involved", "lines"),
    (pgettext_lazy("plan form", "Key issues of the consultation – topic"), "key_issues", "lines"),
    (pgettext_lazy("plan form", "Internal actors"), "internal_actors", "lines"),
    (pgettext_lazy("plan form", "External actors"), "external_actors", "lines"),
    (pgettext_lazy("plan form", "Communication and media"), "communication_media", "lines"),
    (
        pgettext_lazy("plan form", "Information: what material is offered to the actors for the public hearing"),
        "information_material",
        "text",
    ),
    (
        pgettext_lazy("plan form", "Strategies for including citizens in public hearings"),
        "inclusion_strategies",
        "text",
    ),
    (pgettext_lazy("plan form", "Expected results"), "expected_results", "lines"),
    (pgettext_lazy("plan form", "What information we expect to receive"), "information_expected", "lines"),
    (pgettext_lazy("plan form", "Reporting options"), "reporting_options", "choices"),
    (pgettext_lazy("plan form", "Consultation methods"), "consultation_methods", "choices"),
    (pgettext_lazy("plan form", "Main areas of evaluation"), "evaluation_areas", "lines"),
    (pgettext_lazy("plan form", "Start date"), "start_date", "date"),
    (pgettext_lazy("plan form", "End date"), "end_date", "date"),
    (pgettext_lazy("plan form", "Official responsible for public consultations"), "responsible_officer_name", "plain"),
)


def plan_rows(plan: ConsultationPlan) -> list[PlanRow]:
    """Every row of the plan's form, in order, with the values in the active language."""
    rows = []
    for label, name, kind in _ROWS:
        if kind == "text":
            rows.append(PlanRow(str(label), kind, text=localized(plan, name)))
        elif kind == "lines":
            text = localized_items(plan, name)
            rows.append(PlanRow(str(label), kind, text=text, lines=text.lines))
        elif kind == "choices":
            # reporting_options() / consultation_methods(): the ticked boxes' labels, as a list.
            rows.append(PlanRow(str(label), "lines", lines=[str(choice) for choice in getattr(plan, name)()]))
        elif kind == "date":
            rows.append(PlanRow(str(label), kind, date=getattr(plan, name)))
        elif kind == "budget":
            rows.append(PlanRow(str(label), kind, amount=plan.budget))
        elif name == "municipality":
            rows.append(PlanRow(str(label), kind, plain=plan.municipality.name))
        else:
            rows.append(PlanRow(str(label), kind, plain=getattr(plan, name) or ""))
    return rows
