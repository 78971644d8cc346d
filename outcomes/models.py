"""The report of one consultation: what citizens said and what the municipality did, as published.

Version N of a hearing's report freezes its items (the comments and requests with the
municipality's response to each) and counts in `snapshot`, and stores its PDF in each language
with the SHA-256 of the bytes: a published report never changes, a correction is a new version.
The responses themselves live in the register (register.CitizenRequest); a comment gets its
response through the request it is turned into.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultations.models import Hearing
from municipalities.scoping import scoped_manager
from web.publications import Publication
from web.stored_files import StoredDocument

# The download name of a report's PDF, per language (the address stays Albanian, as the site's).
FILE_NAMES = {
    "sq": "raporti-i-konsultimit-{pk}-v{version}.pdf",
    "sr-latn": "izvestaj-o-konsultaciji-{pk}-v{version}.pdf",
    "sr": "izvestaj-o-konsultaciji-{pk}-v{version}-cirilica.pdf",
    "bs": "izvjestaj-o-konsultaciji-{pk}-v{version}.pdf",
    "en": "consultation-report-{pk}-v{version}.pdf",
}


class ConsultationReportQuerySet(models.QuerySet):
    def of_hearing(self, hearing: Hearing | int) -> ConsultationReportQuerySet:
        """The versions of one hearing's report, newest first."""
        return self.filter(hearing=hearing).order_by("-version")

    def latest_of(self, hearing: Hearing | int) -> ConsultationReport | None:
        """The newest version of the hearing's report, or None when none was published."""
        return self.of_hearing(hearing).first()


class ConsultationReport(models.Model):
    """Version N of a consultation's report: its items, their responses and the counts as published."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.PROTECT, related_name="reports", verbose_name=_("public consultation")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("items and responses as published"), editable=False)
    reason = models.TextField(_("reason for the new version"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_by_name = models.CharField(_("published by (name)"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"))
    # How many citizens were told by email that the report is out (version 1 only; later versions are not emailed).
    notified = models.PositiveIntegerField(_("citizens told by email"), default=0)

    objects = scoped_manager("hearing__plan__municipality", ConsultationReportQuerySet)

    class Meta:
        verbose_name = _("consultation report")
        verbose_name_plural = _("consultation reports")
        ordering = ("-published_at", "-version")
        permissions = [("publish_consultationreport", _("Can publish a consultation's report"))]
        constraints = [
            models.UniqueConstraint(fields=("hearing", "version"), name="consultation_report_version_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="consultation_report_version_from_one"),
            models.CheckConstraint(
                condition=models.Q(version=1) | ~models.Q(reason=""), name="consultation_report_correction_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hearing} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("consultations:hearing-detail", kwargs={"pk": self.hearing_id}) + "#outcome-heading"

    def clean(self) -> None:
        if self.version and self.version > 1 and not self.reason.strip():
            raise ValidationError(
                {"reason": _("Say what this version corrects: a reason is required from version 2 on.")}
            )

    def file_for(self, language: str) -> ConsultationReportFile | None:
        """The version's PDF in a language (uses prefetched files when there are any)."""
        return next((item for item in self.files.all() if item.language == language), None)


def report_upload_to(instance: ConsultationReportFile, filename: str) -> str:
    report = instance.report
    return f"consultation-reports/{report.hearing_id}/v{report.version}/{filename}"


class ConsultationReportFile(StoredDocument):
    """The PDF of one version of a consultation's report in one language, with the SHA-256 of its bytes."""

    report = models.ForeignKey(
        ConsultationReport, on_delete=models.PROTECT, related_name="files", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=report_upload_to, max_length=300)

    objects = scoped_manager("report__hearing__plan__municipality")

    class Meta:
        verbose_name = _("consultation report file")
        verbose_name_plural = _("consultation report files")
        ordering = ("report", "language")
        constraints = [
            models.UniqueConstraint(fields=("report", "language"), name="consultation_report_file_language_unique"),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def file_name(self) -> str:
        pattern = FILE_NAMES.get(self.language, FILE_NAMES["en"])
        return pattern.format(pk=self.report.hearing_id, version=self.report.version)


class ConsultationReportPublication(Publication):
    """The officer's request to publish a consultation's report, carried out by the task worker."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="report_publications", verbose_name=_("public consultation")
    )
    notified = models.PositiveIntegerField(_("citizens told by email"), default=0)

    objects = scoped_manager("hearing__plan__municipality")

    class Meta(Publication.Meta):
        verbose_name = _("publication of a consultation's report")
        verbose_name_plural = _("publications of a consultation's report")
