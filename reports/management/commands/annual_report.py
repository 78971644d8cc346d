"""`manage.py annual_report 2025 --pdf raporti.pdf`: the annual report without a web server."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from reports.pdf import annual_report_pdf
from reports.summary import AnnualSummary, PlanNotFound, build_annual_summary, year_in_range


class Command(BaseCommand):
    help = (
        "Write the annual report on public consultations of YEAR as a PDF (--pdf PATH), "
        "or print its figures as text. Counts every held hearing of the year's plan, "
        "published or not; the plan itself may be a draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="The plan's year, e.g. 2025.")
        parser.add_argument("--pdf", metavar="PATH", help="Write the PDF here instead of printing the figures.")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help=f"Language of the report (default: {settings.LANGUAGE_CODE}).",
        )

    def handle(self, *args, year: int, pdf: str | None, language: str, **options) -> None:
        with translation.override(language):
            summary = load_summary(year)
            if pdf:
                write_pdf(summary, Path(pdf))
                self.stdout.write(f"Wrote {pdf}")
            else:
                self.stdout.write(figures_as_text(summary))


def load_summary(year: int) -> AnnualSummary:
    """The year's summary, or a CommandError that says what is missing."""
    if not year_in_range(year):
        raise CommandError(f"{year} is not a year a report can be made for.")
    try:
        return build_annual_summary(year)
    except PlanNotFound as error:
        raise CommandError(f"{error} Create the plan in the admin first.") from None


def write_pdf(summary: AnnualSummary, path: Path) -> None:
    """Render the PDF, then write it; an unwritable path is a CommandError, not a traceback."""
    document = annual_report_pdf(summary)
    try:
        path.write_bytes(document)
    except OSError as error:
        raise CommandError(f"Cannot write the PDF to {path}: {error.strerror or error}") from None


def figures_as_text(summary: AnnualSummary) -> str:
    """The report's figures as plain lines, for a terminal or a log."""
    lines = [
        f"{summary.municipality.name}, {summary.year} ({summary.plan.get_status_display()})",
        f"Consultations held: {summary.consultations_held}",
        f"Participants: {summary.women} women, {summary.men} men, {summary.total} total",
        "By method:",
    ]
    lines += [
        f"  {row.number}. {row.label}: {row.consultations} held, {row.first_day:%d.%m.%Y} – {row.last_day:%d.%m.%Y}, "
        f"{row.women} women, {row.men} men, {row.total} total"
        for row in summary.methods
    ]
    lines.append("Announced through: " + (", ".join(f"{c.name} ({c.consultations})" for c in summary.channels) or "–"))
    lines.append("Places: " + (", ".join(f"{p.label} ({p.consultations})" for p in summary.places) or "–"))
    lines.append(f"Requests: {summary.requests_received} received, {summary.requests_open} not yet answered")
    lines += [f"  {answer.label}: {answer.requests}" for answer in summary.answers]
    return "\n".join(lines)
