"""Published versions of the national report: the year's national figures frozen, with a PDF per language.

As the municipal annual report (reports.models): a version never changes once created, a correction
is version N+1 with a reason, each PDF is stored with its SHA-256 and checked on every download and
on the verification page. Only `national.publishing.publish_national_report` creates versions.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.snapshot import dataclass_from_dict
from web.stored_files import StoredDocument

from .figures import NationalFigures

FILE_NAMES = {
    "sq": "raporti-kombetar-konsultimeve-publike-{year}-v{version}.pdf",
    "sr-latn": "nacionalni-izvestaj-o-javnim-konsultacijama-{year}-v{version}.pdf",
    "sr": "nacionalni-izvestaj-o-javnim-konsultacijama-{year}-v{version}.pdf",
    "bs": "nacionalni-izvjestaj-o-javnim-konsultacijama-{year}-v{version}.pdf",
    "en": "national-public-consultations-report-{year}-v{version}.pdf",
}


class NationalReportQuerySet(models.QuerySet):
    def of_year(self, year: int) -> NationalReportQuerySet:
        """The versions of one year's national report, newest first."""
        return self.filter(year=year).order_by("-version")

    def latest_of(self, year: int) -> NationalReport | None:
        """The newest version of the year's national report, or None when none was published."""
        return self.of_year(year).first()


class NationalReport(models.Model):
    """Version N of the national report of a year: the national figures as published."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("figures as published"), editable=False)
    reason = models.TextField(_("reason for the new version"), blank=True)
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

    objects = NationalReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("published national report")
        verbose_name_plural = _("published national reports")
        ordering = ("-year", "-version")
        permissions = [("publish_national_report", _("Can publish the national report"))]
        constraints = [
            models.UniqueConstraint(fields=("year", "version"), name="national_report_version_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="national_report_version_from_one"),
            models.CheckConstraint(
                condition=models.Q(version=1) | ~models.Q(reason=""), name="national_report_correction_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"

    def clean(self) -> None:
        if self.version and self.version > 1 and not self.reason.strip():
            raise ValidationError(
                {"reason": _("Say what this version corrects: a reason is required from version 2 on.")}
            )

    def figures(self, language: str) -> NationalFigures:
        """The frozen figures in a language (falling back to the first one frozen)."""
        data = self.snapshot.get(language) or next(iter(self.snapshot.values()))
        return dataclass_from_dict(NationalFigures, data)

    def file_for(self, language: str) -> NationalReportFile | None:
        """The version's PDF in a language (uses prefetched files when there are any)."""
        return next((item for item in self.files.all() if item.language == language), None)


def national_report_upload_to(instance: NationalReportFile, filename: str) -> str:
    return f"national/{instance.report.year}/v{instance.report.version}/{filename}"


class NationalReportFile(StoredDocument):
    """The PDF of one version in one language, with the SHA-256 of its bytes."""

    report = models.ForeignKey(NationalReport, on_delete=models.PROTECT, related_name="files", verbose_name=_("report"))
    file = models.FileField(_("file"), upload_to=national_report_upload_to, max_length=300)

    class Meta:
        verbose_name = _("published national report file")
        verbose_name_plural = _("published national report files")
        ordering = ("report", "language")
        constraints = [
            models.UniqueConstraint(fields=("report", "language"), name="national_report_file_language_unique"),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def file_name(self) -> str:
        """The download name, in the document's language, with the version."""
        pattern = FILE_NAMES.get(self.language, FILE_NAMES["en"])
        return pattern.format(year=self.report.year, version=self.report.version)
