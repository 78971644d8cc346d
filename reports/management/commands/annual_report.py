"""`manage.py annual_report 2025 --pdf raporti.pdf`: the annual report without a web server."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from reports.pdf import annual_report_pdf
from reports.publishing import changes_since_publication
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
            if pdf is not None and not pdf.strip():
                raise CommandError(_("Give the PDF's file name after --pdf."))
            summary = load_summary(year)
            if pdf is not None:
                write_pdf(summary, Path(pdf))
                self.stdout.write(_("Wrote %(path)s") % {"path": pdf})
            else:
                self.stdout.write(figures_as_text(summary))
                self.stdout.write(publication_status(year))


def load_summary(year: int) -> AnnualSummary:
    """The year's summary, or a CommandError that says what is missing."""
    if not year_in_range(year):
        raise CommandError(_("%(year)s is not a year a report can be made for.") % {"year": year})
    try:
        return build_annual_summary(year)
    except PlanNotFound as error:
        raise CommandError(_("%(error)s Create the plan in the admin first.") % {"error": error}) from None


def write_pdf(summary: AnnualSummary, path: Path) -> None:
    """Render the PDF, then write it; an unwritable path is a CommandError, not a traceback."""
    document = annual_report_pdf(summary)
    try:
        path.write_bytes(document)
    except OSError as error:
        raise CommandError(
            _("Cannot write the PDF to %(path)s: %(error)s") % {"path": path, "error": error.strerror or error}
        ) from None


def figures_as_text(summary: AnnualSummary) -> str:
    """The report's figures as plain lines in the active language, for a terminal or a log."""
    people = {"women": summary.women, "men": summary.men, "total": summary.total}
    lines = [
        f"{summary.municipality.name}, {summary.year} ({summary.plan.status_label})",
        _("Consultations held: %(count)s") % {"count": summary.consultations_held},
        _("Participants: %(women)s women, %(men)s men, %(total)s in total") % people,
        _("By consultation method:"),
    ]
    for row in summary.methods:
        figures = {
            "held": row.consultations,
            "first": f"{row.first_day:%d.%m.%Y}",
            "last": f"{row.last_day:%d.%m.%Y}",
            "women": row.women,
            "men": row.men,
            "total": row.total,
        }
        line = _("%(held)s held, %(first)s – %(last)s, %(women)s women, %(men)s men, %(total)s in total") % figures
        lines.append(f"  {row.number}. {row.label}: {line}")
    channels = ", ".join(f"{channel.name} ({channel.consultations})" for channel in summary.channels) or "–"
    places = ", ".join(f"{place.label} ({place.consultations})" for place in summary.places) or "–"
    lines.append(_("Announced through: %(channels)s") % {"channels": channels})
    lines.append(_("Places: %(places)s") % {"places": places})
    lines.append(
        _("Requests: %(received)s received, %(open)s not yet answered")
        % {"received": summary.requests_received, "open": summary.requests_open}
    )
    lines += [f"  {answer.label}: {answer.requests}" for answer in summary.answers]
    return "\n".join(lines)


def publication_status(year: int) -> str:
    """Whether, and how, the live figures differ from the latest published version."""
    changes = changes_since_publication(year)
    if changes.latest is None:
        return _("Not published yet: these figures are provisional.")
    version = {"version": changes.latest.version}
    if not changes.differences:
        return _("Same figures as the published version %(version)s.") % version
    lines = [_("The data now differ from version %(version)s:") % version]
    lines += [f"  {item.label}: {item.old} → {item.new}" for item in changes.differences]
    return "\n".join(lines)
