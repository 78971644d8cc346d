"""`backup --municipality` and its `restore`: one municipality's rows, history, accounts and files, moved alone."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from consultations.models import AnnouncementChannel, Hearing, HearingDocument
from municipalities import roles
from municipalities.models import Membership, Municipality, SecondaryDomain
from notifications.models import Subscriber
from operations.municipal_backup import ExactJSONEncoder, collect
from operations.municipal_restore import _remove
from outcomes.models import ConsultationReport, ConsultationReportFile
from reports.models import PublishedReport, PublishedReportFile
from tests.factories import (
    CitizenRequestFactory,
    CommentFactory,
    HearingDocumentFactory,
    HearingFactory,
    MunicipalityFactory,
    PlanFactory,
    SubscriberFactory,
    UserFactory,
)
from tests.s3_server import object_keys

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def municipality_with_data(slug: str) -> Municipality:
    """A municipality with staff, a plan, hearings, documents, requests, comments, published PDFs and history."""
    municipality = MunicipalityFactory(
        slug=slug, name=f"Komuna e {slug.title()}", emblem=ContentFile(f"GIF89a {slug}".encode(), name="stema.gif")
    )
    SecondaryDomain.objects.create(municipality=municipality, host=f"{slug}.example.org")
    officer = UserFactory(username=f"{slug}-zyrtari", is_staff=True)
    Membership.objects.create(user=officer, municipality=municipality, role=roles.OFFICER)
    plan = PlanFactory(municipality=municipality, responsible_officer=officer)
    channels = list(AnnouncementChannel.objects.order_by("pk")[:2])
    held, other = HearingFactory(plan=plan, announced_via=channels), HearingFactory(plan=plan)
    HearingDocumentFactory(hearing=held, file=ContentFile(f"%PDF-1.4 {slug} draft".encode(), name="draft.pdf"))
    CitizenRequestFactory(hearing=held, municipality=municipality)
    CommentFactory(hearing=other)
    SubscriberFactory(municipality=municipality)
    other.title = f"{other.title} (ndryshuar)"
    other.save()  # a change in the history
    HearingFactory(plan=plan).delete()  # the history of a deleted hearing
    now = timezone.now()
    annual = PublishedReport.objects.create(
        municipality=municipality, year=2025, version=1, snapshot={}, published_at=now, published_by=officer
    )
    PublishedReportFile(report=annual, language="sq").store(f"%PDF-1.7 {slug} annual".encode(), [])
    report = ConsultationReport.objects.create(hearing=held, version=1, snapshot={}, published_at=now)
    ConsultationReportFile(report=report, language="sq").store(f"%PDF-1.7 {slug} outcome".encode(), [])
    return municipality


@pytest.fixture
def istog(media):
    return municipality_with_data("istog")


@pytest.fixture
def peja(media):
    return municipality_with_data("peja")


def archived(path: Path) -> tuple[dict, dict]:
    with tarfile.open(path) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        data = json.load(archive.extractfile("data.json"))
    return manifest, data


def published_checksums(municipality: Municipality) -> dict[str, bytes]:
    """Each published PDF's checksum and its bytes as read back through the verification on download."""
    files = [
        *PublishedReportFile.objects.filter(report__municipality=municipality),
        *ConsultationReportFile.objects.filter(report__hearing__plan__municipality=municipality),
    ]
    return {file.sha256: file.read_verified() for file in files}


def media_snapshot(media: Path) -> dict[str, bytes]:
    return {path.relative_to(media).as_posix(): path.read_bytes() for path in media.rglob("*") if path.is_file()}


def back_up(municipality: Municipality, tmp_path: Path) -> Path:
    archive = tmp_path / f"{municipality.slug}.tar.gz"
    call_command("backup", str(archive), municipality=municipality.slug, verbosity=0)
    return archive


@pytest.mark.django_db
def test_the_archive_holds_the_municipality_and_nothing_of_another(istog, peja, tmp_path):
    istog_rows, istog_counts, _pks = collect(istog)
    peja_rows, _counts, _pks = collect(peja)

    manifest, data = archived(back_up(istog, tmp_path))

    assert manifest["municipality"]["slug"] == "istog"
    assert {key: value for key, value in manifest["counts"].items() if key != "auth.User"} == istog_counts
    assert istog_counts["consultations.Hearing"] == 2
    assert istog_counts["consultations.HistoricalHearing"] == 5  # two made, one changed; one made and deleted
    assert istog_counts["reports.PublishedReportFile"] == istog_counts["outcomes.ConsultationReportFile"] == 1
    assert json.loads(json.dumps(istog_rows, cls=ExactJSONEncoder)) == data["objects"]
    archived_keys = {(entry["model"], entry["pk"]) for entry in data["objects"]}
    assert archived_keys.isdisjoint({(entry["model"], entry["pk"]) for entry in peja_rows})
    assert "peja" not in json.dumps(data)
    assert [user["fields"]["username"] for user in data["users"]] == ["istog-zyrtari"]
    assert data["users"][0]["fields"]["password"] == get_user_model().objects.get(username="istog-zyrtari").password
    assert len(manifest["files"]) == 4  # the emblem, the draft and both published PDFs
    for name, entry in manifest["files"].items():
        assert default_storage.open(name).read().decode().find("istog") > 0
        assert len(entry["sha256"]) == 64


@pytest.mark.django_db
def test_restore_into_the_same_installation_replaces_only_that_municipality(istog, peja, tmp_path, media):
    istog_before, _counts, _pks = collect(istog)
    peja_before, _counts, _pks = collect(peja)
    checksums = published_checksums(istog)
    archive = back_up(istog, tmp_path)
    HearingFactory(plan=istog.plans.get(), title="Shtuar pas kopjes")
    HearingDocument.objects.filter(hearing__plan__municipality=istog).delete()
    Hearing.objects.filter(plan__municipality=istog).update(title="Ndryshuar pas kopjes")

    with pytest.raises(CommandError, match=r"exists in this installation\. Add --replace"):
        call_command("restore", str(archive), verbosity=0)
    call_command("restore", str(archive), municipality="istog", replace=True, verbosity=0)

    istog = Municipality.objects.get(slug="istog")
    assert collect(istog)[0] == istog_before  # the same rows, keys, history and file names
    assert collect(peja)[0] == peja_before
    assert published_checksums(istog) == checksums


@pytest.mark.django_db
def test_restore_into_another_installation_gives_new_keys_where_the_keys_are_taken(istog, peja, tmp_path, media):
    istog_before, counts, _pks = collect(istog)
    checksums = published_checksums(istog)
    titles = set(Hearing.objects.filter(plan__municipality=istog).values_list("title", flat=True))
    old = {
        "municipality": istog.pk,
        "hearing": Hearing.objects.filter(plan__municipality=istog).order_by("pk").first().pk,
        "draft": HearingDocument.objects.get(hearing__plan__municipality=istog).file.name,
    }
    archive = back_up(istog, tmp_path)
    # Another installation: no Istog, no account of its staff, none of its files; its keys belong to others.
    _remove(istog)
    get_user_model().objects.filter(username="istog-zyrtari").delete()
    for name in media_snapshot(media):
        if "istog" in default_storage.open(name).read().decode(errors="replace"):
            default_storage.delete(name)
    prizren = MunicipalityFactory(pk=old["municipality"], slug="prizren", name="Komuna e Prizrenit")
    taken = HearingFactory(pk=old["hearing"], plan=peja.plans.get(), title="Dëgjim i Pejës")
    default_storage.save(old["draft"], ContentFile(b"%PDF-1.4 another municipality's document"))
    peja_before, _counts, _pks = collect(peja)
    prizren_before, _counts, _pks = collect(prizren)

    call_command("restore", str(archive), verbosity=0)

    istog = Municipality.objects.get(slug="istog")
    assert istog.pk != old["municipality"]
    restored, restored_counts, _pks = collect(istog)
    assert restored_counts == counts
    assert len(restored) == len(istog_before)
    assert set(Hearing.objects.filter(plan__municipality=istog).values_list("title", flat=True)) == titles
    assert old["hearing"] not in Hearing.objects.filter(plan__municipality=istog).values_list("pk", flat=True)
    assert Hearing.objects.get(pk=old["hearing"]) == taken
    draft = HearingDocument.objects.get(hearing__plan__municipality=istog)
    assert draft.file.name != old["draft"]
    assert draft.file.read() == b"%PDF-1.4 istog draft"
    assert default_storage.open(old["draft"]).read() == b"%PDF-1.4 another municipality's document"
    assert published_checksums(istog) == checksums
    assert collect(peja)[0] == peja_before
    assert collect(prizren)[0] == prizren_before
    officer = get_user_model().objects.get(username="istog-zyrtari")
    assert officer.check_password(PASSWORD)
    assert not officer.is_superuser
    assert Membership.objects.get(municipality=istog).user == officer


def tampered(archive: Path, target: Path, member: str, change) -> Path:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            if info.name == member or (member.endswith("*") and info.name.startswith(member[:-1])):
                data = change(data)
                member = ""
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "change", "message"),
    [
        ("files/*", lambda data: data.replace(b"istog", b"ISTOG"), "in the backup is damaged"),
        ("data.json", lambda data: data.replace(b"D\\u00ebgjim", b"Dxgjim"), "data.json in the backup is damaged"),
        ("manifest.json", lambda data: data.replace(b'"municipality"', b'"something else"'), "whole installation"),
    ],
)
def test_a_tampered_archive_is_refused_and_nothing_changes(istog, peja, tmp_path, media, member, change, message):
    archive = tampered(back_up(istog, tmp_path), tmp_path / "tampered.tar.gz", member, change)
    HearingFactory(plan=istog.plans.get(), title="Shtuar pas kopjes")
    rows = {slug: collect(Municipality.objects.get(slug=slug))[0] for slug in ("istog", "peja")}
    files = media_snapshot(media)

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), replace=True, verbosity=0)

    assert {slug: collect(Municipality.objects.get(slug=slug))[0] for slug in ("istog", "peja")} == rows
    assert media_snapshot(media) == files


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_back_every_row_and_file(istog, peja, tmp_path, media):
    archive = back_up(istog, tmp_path)
    _remove(istog)
    for name in list(media_snapshot(media)):
        if name.startswith(("reports/istog", "outcomes")):
            default_storage.delete(name)
    # In this installation Peja already holds Istog's old secondary domain: the restore cannot be written.
    SecondaryDomain.objects.create(municipality=peja, host="istog.example.org")
    files = media_snapshot(media)

    with pytest.raises(CommandError, match="The restore failed and changed nothing"):
        call_command("restore", str(archive), verbosity=0)

    assert not Municipality.objects.filter(slug="istog").exists()
    assert not get_user_model().objects.filter(username="istog-zyrtari", memberships__isnull=False).exists()
    assert media_snapshot(media) == files


@pytest.mark.django_db
def test_the_commands_answer_bad_input_with_a_message(istog, tmp_path):
    with pytest.raises(CommandError, match="There is no municipality mitrovica"):
        call_command("backup", str(tmp_path / "x.tar.gz"), municipality="mitrovica", verbosity=0)
    archive = back_up(istog, tmp_path)
    with pytest.raises(CommandError, match="is of the municipality istog, not peja"):
        call_command("restore", str(archive), municipality="peja", replace=True, verbosity=0)


@pytest.mark.django_db
def test_with_object_storage_the_files_are_read_from_and_restored_to_the_bucket(object_storage, tmp_path):
    s3, bucket = object_storage
    istog, peja = municipality_with_data("istog"), municipality_with_data("peja")
    checksums = published_checksums(istog)
    keys_before = object_keys(s3, bucket)
    manifest, _data = archived(archive := back_up(istog, tmp_path))
    assert len(manifest["files"]) == 4
    # Gone from the installation and from the bucket: only the archive holds them now.
    _remove(istog)
    for name in manifest["files"]:
        default_storage.delete(name)
    assert not set(object_keys(s3, bucket)) & {f"media/{name}" for name in manifest["files"]}

    call_command("restore", str(archive), municipality="istog", verbosity=0)

    assert object_keys(s3, bucket) == keys_before
    assert published_checksums(Municipality.objects.get(slug="istog")) == checksums
    assert published_checksums(peja)


@pytest.mark.django_db
def test_the_refusal_is_in_the_operators_language(istog, tmp_path):
    archive = back_up(istog, tmp_path)
    with translation.override("sq"), pytest.raises(CommandError, match="ekziston në këtë instalim"):
        call_command("restore", str(archive), verbosity=0)


@pytest.mark.django_db
def test_replacing_deletes_the_replaced_files_except_one_another_municipality_names(istog, peja, tmp_path):
    archive = back_up(istog, tmp_path)
    hearing = Hearing.objects.filter(plan__municipality=istog).first()
    later = HearingDocumentFactory(hearing=hearing, file=ContentFile(b"%PDF-1.4 later", name="later.pdf"))
    shared = HearingDocumentFactory(hearing=hearing, file=ContentFile(b"%PDF-1.4 shared", name="shared.pdf"))
    Municipality.objects.filter(pk=peja.pk).update(emblem=shared.file.name)

    call_command("restore", str(archive), replace=True, verbosity=0)

    assert not default_storage.exists(later.file.name)
    assert default_storage.open(shared.file.name).read() == b"%PDF-1.4 shared"


@pytest.mark.django_db
def test_a_database_that_fails_while_reading_is_a_message_and_leaves_no_archive(istog, tmp_path):
    with connection.cursor() as cursor:
        # Rolled back with the test's transaction; PostgreSQL first checks the keys it defers to the commit.
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(Subscriber._meta.db_table)}")
    with pytest.raises(CommandError, match="Cannot read the municipality's rows"):
        back_up(istog, tmp_path)
    assert list(tmp_path.iterdir()) == [tmp_path / "media"]
