"""The provisional annual report's PDF: rendered by a task, never inside a citizen's request.

Before a year's report is published its PDF shows the figures to date. Rendering it takes
seconds to minutes, so the public request serves the latest rendered copy (which prints the
time of its figures) and, when the data changed since that copy, asks for a new one: the task
`render_provisional_report` runs RENDER_DELAY later, so several changes in a row, and many
readers asking at once, give one render. Before the first copy exists the request answers
"being prepared" with Retry-After, not an error.
"""

from __future__ import annotations

import datetime
import logging

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from municipalities.models import Municipality, language_codes_of
from municipalities.scoping import every_municipality, scope
from web.pagecache import content_version
from web.stored_files import removed_on_failure

from . import pdf
from .models import ProvisionalReportFile
from .summary import build_annual_summary

logger = logging.getLogger(__name__)

# Changes within this time after the first give one render; the request meanwhile serves the last copy.
RENDER_DELAY = datetime.timedelta(seconds=10)
# How long a request for a render is remembered, so that readers in a burst enqueue one task.
ASKED_SECONDS = 300


def latest_copy(municipality: Municipality, year: int, language: str) -> ProvisionalReportFile | None:
    """The latest rendered provisional PDF of the year in the language, or None before the first render."""
    return ProvisionalReportFile.objects.filter(municipality=municipality, year=year, language=language).first()


def is_current(copy: ProvisionalReportFile | None) -> bool:
    """Whether the copy shows the data as they are now (no change since it was rendered)."""
    return copy is not None and copy.content_version == content_version()


def ask_for_render(municipality: Municipality, year: int) -> bool:
    """Enqueue a render of the year's provisional PDFs unless one was asked for at this content version."""
    key = f"provisional-report:asked:{municipality.pk}:{year}:{content_version()}"
    # A cache that is down remembers nothing: then every request asks, and the task skips a copy already current.
    if not cache.add(key, 1, timeout=ASKED_SECONDS) and cache.get(key) is not None:
        return False
    transaction.on_commit(
        lambda: render_provisional_report.using(run_after=timezone.now() + RENDER_DELAY).enqueue(municipality.pk, year),
        robust=True,
    )
    return True


@task()
def render_provisional_report(municipality_pk: int, year: int) -> str:
    """The task: render the year's provisional PDF in each language the municipality offers (its pages are in
    no other) and replace the copies in one transaction."""
    with every_municipality("finding the municipality of a render the worker was given"):
        municipality = Municipality.objects.get(pk=municipality_pk)
    with scope(municipality):
        # Taken before the figures: a change during the render leaves the copy stale, to be rendered again.
        version = content_version()
        copies = {
            copy.language: copy for copy in ProvisionalReportFile.objects.filter(municipality=municipality, year=year)
        }
        languages = language_codes_of(municipality)
        if all(copies.get(language) and copies[language].content_version == version for language in languages):
            return "current"
        rendered = {}
        for language in languages:
            with translation.override(language):
                summary = build_annual_summary(year, municipality, published_only=True)
                rendered[language] = (summary.generated_at, pdf.annual_report_pdf(summary, municipality=municipality))
        replaced = []
        with transaction.atomic(), removed_on_failure() as written:
            for language, (figures_at, content) in rendered.items():
                copy = copies.get(language) or ProvisionalReportFile(
                    municipality=municipality, year=year, language=language
                )
                if copy.file:
                    replaced.append(copy.file.name)
                copy.figures_at, copy.content_version = figures_at, version
                copy.store(content, written)
            # The old files go once the new rows are committed; a reader holding an old row gets it meanwhile.
            stale = [name for name in replaced if name not in written]  # a storage that overwrites reuses a name
            transaction.on_commit(lambda: _delete(stale), robust=True)
    logger.info("Rendered the provisional %s report of %s", year, municipality.slug)
    return "rendered"


def _delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete the replaced provisional report %s", name)
