"""The consultation domain: directorates and places, annual plan, hearings and their documents.

Texts that staff write are translatable per language (see translation.py); the interface's own
labels go through gettext. The register of citizens' requests is its own app (register).
"""

from .hearings import ATTENDANCE_MAX, Hearing, HearingDocument, HearingQuerySet, document_upload_to
from .organisation import AnnouncementChannel, Directorate, Place
from .plans import FIRST_PLAN_YEAR, LAST_PLAN_YEAR, ConsultationPlan, PlanQuerySet

__all__ = [
    "ATTENDANCE_MAX",
    "FIRST_PLAN_YEAR",
    "LAST_PLAN_YEAR",
    "AnnouncementChannel",
    "ConsultationPlan",
    "Directorate",
    "Hearing",
    "HearingDocument",
    "HearingQuerySet",
    "Place",
    "PlanQuerySet",
    "document_upload_to",
]
