"""Published versions of the annual report: frozen figures, stored PDFs and their checksums.

A version never changes once created: a correction is version N+1 with a
reason. Only `reports.publishing.publish` creates versions.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from municipalities.scoping import scoped_manager
from web.publications import Publication
from web.stored_files import ChecksumMismatch, StoredDocument, sha256_of

from .snapshot import summary_from_dict
from .summary import AnnualSummary

# The PDF file name in the language of the document; the version goes after the year.
FILE_NAMES = {
    "sq": "raporti-konsultimeve-publike-{year}-v{version}.pdf",
    "sr-latn": "izvestaj-o-javnim-konsultacijama-{year}-v{version}.pdf",
    "sr": "izvestaj-o-javnim-konsultacijama-{year}-v{version}-cirilica.pdf",
    "bs": "izvjestaj-o-javnim-konsultacijama-{year}-v{version}.pdf",
    "en": "public-consultations-report-{year}-v{version}.pdf",
}


class PublishedReportQuerySet(models.QuerySet):
    def of_year(self, municipality: Municipality | None, year: int) -> PublishedReportQuerySet:
        """The versions of one municipality's report of one year, newest first."""
        return self.filter(municipality=municipality, year=year).order_by("-version")

    def latest_of(self, municipality: Municipality | None, year: int) -> PublishedReport | None:
        """The newest version of the year's report, or None when none was published."""
        return self.of_year(municipality, year).select_related("published_by").first()


class PublishedReport(models.Model):
    """Version N of a municipality's annual report: the figures and PDFs as published."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="published_reports", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("figures as published"), editable=False)
    reason = models.TextField(_("reason for the new version"), blank=True)
    allow_incomplete_year = models.BooleanField(_("published before the year ended"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_by_name = models.CharField(_("published by (name)"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"))

    objects = scoped_manager("municipality", PublishedReportQuerySet)

    class Meta:
        verbose_name = _("published annual report")
        verbose_name_plural = _("published annual reports")
        ordering = ("municipality", "-year", "-version")
        permissions = [("publish_report", _("Can publish the annual report"))]
        constraints = [
            models.UniqueConstraint(fields=("municipality", "year", "version"), name="report_version_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="report_version_from_one"),
            models.CheckConstraint(
                condition=models.Q(version=1) | ~models.Q(reason=""), name="report_correction_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:annual-report", kwargs={"year": self.year})

    def clean(self) -> None:
        if self.version and self.version > 1 and not self.reason.strip():
            raise ValidationError(
                {"reason": _("Say what this version corrects: a reason is required from version 2 on.")}
            )

    def summary(self, language: str) -> AnnualSummary:
        """The frozen figures in a language (falling back to the first one frozen)."""
        data = self.snapshot.get(language) or next(iter(self.snapshot.values()))
        return summary_from_dict(data)

    def file_for(self, language: str) -> PublishedReportFile | None:
        """The version's PDF in a language (uses prefetched files when there are any)."""
        return next((item for item in self.files.all() if item.language == language), None)


def report_upload_to(instance: PublishedReportFile, filename: str) -> str:
    report = instance.report
    return f"reports/{report.municipality.slug}/{report.year}/v{report.version}/{filename}"


class PublishedReportFile(StoredDocument):
    """The PDF of one version in one language, with the SHA-256 of its bytes."""

    report = models.ForeignKey(
        PublishedReport, on_delete=models.PROTECT, related_name="files", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=report_upload_to, max_length=300)

    objects = scoped_manager("report__municipality")

    class Meta:
        verbose_name = _("published report file")
        verbose_name_plural = _("published report files")
        ordering = ("report", "language")
        constraints = [
            models.UniqueConstraint(fields=("report", "language"), name="report_file_language_unique"),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def file_name(self) -> str:
        """The download name, in the document's language, with the version."""
        pattern = FILE_NAMES.get(self.language, FILE_NAMES["en"])
        return pattern.format(year=self.report.year, version=self.report.version)


def provisional_upload_to(instance: ProvisionalReportFile, filename: str) -> str:
    return f"reports/{instance.municipality.slug}/{instance.year}/provisional/{filename}"


class ProvisionalReportFile(StoredDocument):
    """The latest rendered PDF of a year's report before publication, in one language (replaced, never served live).

    Rendered by the task reports.provisional.render_provisional_report; `content_version` is the
    portal's content version its figures were taken at, so a later change is seen as stale.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="provisional_reports", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    file = models.FileField(_("file"), upload_to=provisional_upload_to, max_length=300)
    figures_at = models.DateTimeField(_("figures as of"))
    content_version = models.CharField(_("content version"), max_length=100)

    objects = scoped_manager("municipality")

    class Meta:
        verbose_name = _("provisional report file")
        verbose_name_plural = _("provisional report files")
        constraints = [
            models.UniqueConstraint(
                fields=("municipality", "year", "language"), name="provisional_report_file_language_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def file_name(self) -> str:
        """The download name: the published file's, without a version (it is none yet)."""
        return FILE_NAMES.get(self.language, FILE_NAMES["en"]).replace("-v{version}", "").format(year=self.year)


class ReportPublication(Publication):
    """The officer's request to publish a year's report, carried out by the task worker."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="report_publications", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    allow_incomplete_year = models.BooleanField(_("published before the year ended"), default=False)

    objects = scoped_manager("municipality")

    class Meta(Publication.Meta):
        verbose_name = _("publication of the annual report")
        verbose_name_plural = _("publications of the annual report")


__all__ = ["ChecksumMismatch", "PublishedReport", "PublishedReportFile", "sha256_of"]
