"""What a published version says about itself: who published it, whether it was replaced, whether the
records moved since, and that it needs the portal's public address (issue 16, §2)."""

import os
import shutil
import subprocess
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import translation

from outcomes import publishing as consultation_publishing
from outcomes.models import ConsultationReport
from reports.models import PublishedReport
from reports.publishing import PublishRefused, publish
from tests.factories import HearingFactory, officer_user

ROOT = Path(__file__).resolve().parents[2]


def stored_bytes(stored_file) -> bytes:
    with stored_file.file.open("rb") as stored:
        return stored.read()


@pytest.fixture
def published(held_year):
    return publish(2025)


def test_the_page_says_the_records_changed_since_publication_and_gives_the_live_figures_as_provisional(
    client, published, held_year
):
    HearingFactory(plan=held_year, women=3, men=4)

    html = client.get("/en/raportet/2025/").content.decode()

    assert "They were attended by 40 participants: 15 women and 25 men." in html  # version 1 stays frozen
    assert "The records have changed since version 1 was published." in html
    assert "Consultations held: 2 in version 1, 3 now (provisional)" in html
    assert "Participants in total: 40 in version 1, 47 now (provisional)" in html


def test_the_page_of_an_unchanged_version_says_nothing_changed(client, published):
    html = client.get("/en/raportet/2025/").content.decode()
    assert "The records have changed" not in html


def test_the_page_and_the_versions_file_name_the_account_that_published_not_the_plans_official(
    client, published, held_year
):
    HearingFactory(plan=held_year, women=3, men=4)
    officer = officer_user(username="officer", first_name="", last_name="")
    publish(2025, user=officer, reason="A hearing was missing")

    html = client.get("/en/raportet/2025/").content.decode()
    data = client.get("/en/raportet/2025/versionet.json").json()

    official = held_year.responsible_officer_name
    assert official and official != "officer"
    assert "Version 2, published" in html and " by officer" in html
    assert f"by {official}" not in html
    assert [version["published_by"] for version in data["versions"]] == ["officer", ""]
    assert PublishedReport.objects.get(version=2).published_by == officer
    # The signatory is still the plan's official.
    assert f"Official responsible for public consultations: {official}" in html


def test_a_consultation_report_names_the_account_that_published_it(hearing):
    officer = officer_user(username="zyrtari", first_name="Teuta", last_name="Berisha")
    report = consultation_publishing.publish(hearing, user=officer)
    assert (report.published_by, report.published_by_name) == (officer, "Teuta Berisha")


def test_verifying_a_replaced_version_says_so_and_links_the_current_one(client, published, held_year, tmp_path):
    first = stored_bytes(published.file_for("en"))
    HearingFactory(plan=held_year, women=3, men=4)
    publish(2025, reason="A hearing was missing")

    html = client.post("/en/raportet/verifiko/", {"document": ContentFile(first, name="r.pdf")}).content.decode()
    assert "annual report 2025, version 1 (English)" in html
    assert "Version 1 has been replaced: the current version is 2." in html
    assert 'href="/en/raportet/2025/v2/pdf/"' in html

    path = tmp_path / "v1.pdf"
    path.write_bytes(first)
    out = StringIO()
    call_command("verify_report", str(path), stdout=out)  # the command speaks Albanian
    assert "versioni 1 (en)" in out.getvalue()
    assert (
        "Versioni 1 është zëvendësuar: versioni i tanishëm është 2, në http://127.0.0.1:8000/en/raportet/2025/v2/pdf/"
        in (out.getvalue())
    )


def test_verifying_the_current_version_says_nothing_about_a_replacement(client, published):
    html = client.post("/en/raportet/verifiko/", {"sha256": published.file_for("en").sha256}).content.decode()
    assert "annual report 2025, version 1 (English)" in html
    assert "has been replaced" not in html


def test_a_consultations_published_report_is_verified_like_the_annual_report(client, hearing, tmp_path):
    report = consultation_publishing.publish(hearing)
    content = stored_bytes(report.file_for("en"))

    html = client.post("/en/raportet/verifiko/", {"document": ContentFile(content, name="raporti.pdf")}).content
    html = html.decode()
    assert "No match." not in html
    assert "version 1 (English)" in html
    assert "report of the consultation" in html
    assert f'href="/en/konsultimet/{hearing.pk}/#outcome-heading"' in html

    path = tmp_path / "raporti.pdf"
    path.write_bytes(content)
    out = StringIO()
    call_command("verify_report", str(path), stdout=out)
    assert f"raporti i konsultimit “{hearing.title}”, versioni 1 (en)" in out.getvalue()


def test_without_a_public_address_nothing_is_published(settings, held_year, hearing):
    settings.SITE_URL_CONFIGURED = False

    with translation.override("en"), pytest.raises(PublishRefused, match="set SITE_URL"):
        publish(2025)
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("publish_report", "2025")
    with translation.override("en"), pytest.raises(consultation_publishing.PublishRefused, match="set SITE_URL"):
        consultation_publishing.publish(hearing)
    assert not PublishedReport.objects.exists()
    assert not ConsultationReport.objects.exists()


def test_the_admin_refuses_to_publish_without_a_public_address(client, settings, held_year):
    settings.SITE_URL_CONFIGURED = False
    client.force_login(officer_user(username="zyrtari"))

    url = f"/en/admin/consultations/consultationplan/{held_year.pk}/publish-report/"
    response = client.post(url, {"reason": "", "allow_incomplete_year": "on"})

    assert "set SITE_URL" in response.content.decode()
    assert not PublishedReport.objects.exists()


def test_the_staff_page_refuses_to_publish_a_consultations_report_without_a_public_address(client, settings, hearing):
    settings.SITE_URL_CONFIGURED = False
    client.force_login(officer_user(username="zyrtari"))

    response = client.post(f"/en/stafi/konsultimet/{hearing.pk}/raporti/", {"action": "publish", "reason": ""})

    assert "set SITE_URL" in response.content.decode()
    assert not ConsultationReport.objects.exists()


def test_an_unset_site_url_is_not_a_configured_address():
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    code = "from django.conf import settings; print(settings.SITE_URL_CONFIGURED, settings.SITE_URL)"
    python = str(ROOT / ".venv" / "bin" / "python")
    unset = subprocess.run(  # noqa: S603
        [python, "-c", f"import django; django.setup(); {code}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "istog_consult.settings"},
    ).stdout
    assert unset.split() == ["False", "http://127.0.0.1:8000"]
    given = subprocess.run(  # noqa: S603
        [python, "-c", f"import django; django.setup(); {code}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "istog_consult.settings", "SITE_URL": "https://k.example.org/"},
    ).stdout
    assert given.split() == ["True", "https://k.example.org"]


def test_make_run_serves_and_publishes_with_the_address_it_serves_at():
    make = shutil.which("make")
    assert make, "make is missing"
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    # Everything `run` would install or start is skipped; its first manage.py call shows the address it exports.
    shown = subprocess.run(  # noqa: S603
        [
            make,
            "-s",
            "-o",
            "system-packages-run",
            "-o",
            ".venv/.runtime",
            "-o",
            "compile-messages",
            "run",
            "MANAGE=@echo SITE_URL=$$SITE_URL; exit 0; true",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    ).stdout
    # localhost, so that each municipality is reached at <slug>.localhost on the same port (docs/municipalities.md)
    assert "SITE_URL=http://localhost:8000" in shown


def test_the_migration_names_the_account_of_versions_published_before(published, held_year, hearing):
    """Versions published from an account before the fix froze the plan's official; the migration renames them."""
    officer = officer_user(username="officer", first_name="", last_name="")
    PublishedReport.objects.filter(pk=published.pk).update(
        published_by=officer, published_by_name=held_year.responsible_officer_name
    )
    consultation = consultation_publishing.publish(hearing)
    ConsultationReport.objects.filter(pk=consultation.pk).update(
        published_by=officer, published_by_name=held_year.responsible_officer_name
    )
    reports_migration = import_module("reports.migrations.0004_publisher_is_the_account")
    outcomes_migration = import_module("outcomes.migrations.0003_publisher_is_the_account")

    reports_migration.name_the_account(django_apps, None)
    outcomes_migration.name_the_account(django_apps, None)

    assert PublishedReport.objects.get(pk=published.pk).published_by_name == "officer"
    assert ConsultationReport.objects.get(pk=consultation.pk).published_by_name == "officer"
