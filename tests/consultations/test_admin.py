"""The staff admin: who may do what, and bad input refused on the field concerned with nothing saved."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from modeltranslation.translator import translator
from pytest_django.asserts import assertInHTML

from consultations.models import ConsultationPlan, Hearing, HearingDocument
from municipalities import roles
from municipalities.models import Membership, Municipality
from register.models import CitizenRequest
from tests.factories import CitizenRequestFactory, HearingFactory, PlaceFactory, PlanFactory, channel

# The admin is a municipality's: the portal under test serves one, whose staff the role accounts are.
pytestmark = pytest.mark.usefixtures("municipality")

LANGS = ("sq", "sr_latn", "bs", "en")


@pytest.fixture
def place(municipality):
    return PlaceFactory(municipality=municipality, name="Gurrakoc")


def _url(name: str, *args) -> str:
    """The admin page in English (/en/admin/...), so messages are asserted whatever the .po files hold."""
    with translation.override("en"):
        app = "municipalities" if name.startswith("municipality_") else "consultations"
        return reverse(f"admin:{app}_{name}", args=args)


def _english(errors) -> dict:
    with translation.override("en"):
        return {field: list(messages) for field, messages in errors.items()}


def _management(prefix: str, initial: int = 0, total: int = 0) -> dict[str, int]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _hearing_data(plan: ConsultationPlan, place, **changes) -> dict:
    """A complete, valid hearing form as the admin posts it; a change of None leaves the key out."""
    data = {
        "plan": plan.pk,
        "title_sq": "Dëgjim publik për buxhetin 2026",
        "title_sr_latn": "Javna rasprava o budžetu za 2026.",
        "title_bs": "",
        "title_en": "",
        "topic_sq": "Projektet kapitale",
        "topic_sr_latn": "Kapitalni projekti",
        "topic_bs": "",
        "topic_en": "",
        "summary_sq": "",
        "summary_sr_latn": "",
        "summary_bs": "",
        "summary_en": "",
        "directorate": "",
        "method": Hearing.Method.HEARING,
        "status": Hearing.Status.HELD,
        "is_published": "on",
        "starts_at_0": "2025-09-17",
        "starts_at_1": "17:00:00",
        "ends_at_0": "2025-09-17",
        "ends_at_1": "19:00:00",
        "place": place.pk,
        "announced_via": [channel("website").pk, channel("facebook").pk],
        "announced_on": "2025-09-10",
        "women": "4",
        "men": "15",
        **_management("documents"),
        **_management("requests"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _plan_data(plan: ConsultationPlan, **changes) -> dict:
    """The plan's change form as the admin posts it, from the saved plan."""
    data = {
        "municipality": plan.municipality_id,
        "year": plan.year,
        "status": plan.status,
        "budget": "" if plan.budget is None else str(plan.budget),
        "start_date": plan.start_date.isoformat(),
        "end_date": plan.end_date.isoformat(),
        "responsible_officer_name": plan.responsible_officer_name,
        "responsible_officer": "",
    }
    for field in translator.get_options_for_model(ConsultationPlan).fields:
        for lang in LANGS:
            data[f"{field}_{lang}"] = getattr(plan, f"{field}_{lang}") or ""
    for field in ("reporting_verbal", "reporting_written", "methods_verbal", "methods_written"):
        if getattr(plan, field):
            data[field] = "on"
    data.update(changes)
    return data


def _form_errors(response) -> dict:
    return _english(response.context["adminform"].form.errors)


def _inline_errors(response, prefix: str) -> list[dict]:
    (inline,) = [inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == prefix]
    return [_english(errors) for errors in inline.formset.errors]


# --- Data entry at work ---------------------------------------------------------------


@pytest.mark.django_db
def test_data_entry_adds_a_hearing_through_the_admin_which_stays_unpublished(client, data_entry, plan, place):
    client.force_login(data_entry)
    response = client.post(_url("hearing_add"), _hearing_data(plan, place))
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.title_sq == "Dëgjim publik për buxhetin 2026"
    assert hearing.title_sr_latn == "Javna rasprava o budžetu za 2026."
    assert hearing.plan == plan
    assert hearing.place == place
    assert (hearing.women, hearing.men, hearing.total_attendance) == (4, 15, 19)
    assert hearing.is_published is False  # "published" is read-only without the publishing permission
    assert sorted(hearing.announced_via.values_list("code", flat=True)) == ["facebook", "website"]


@pytest.mark.django_db
def test_changing_an_emailed_answer_in_the_hearing_form_warns_and_emails_nothing(
    client, data_entry, hearing, place, mailoutbox, django_capture_on_commit_callbacks
):
    emailed_at = timezone.make_aware(datetime.datetime(2025, 9, 18, 9, 30))
    citizen_request = CitizenRequestFactory(
        hearing=hearing,
        received_on=datetime.date(2025, 9, 17),
        citizen_email="qytetari@example.org",
        status=CitizenRequest.Status.ANSWERED,
        answer="Ndriçimi vendoset në pranverë.",
        answered_via=CitizenRequest.AnswerChannel.EMAIL,
        answered_on=datetime.date(2025, 9, 18),
        answer_emailed_at=emailed_at,
    )
    client.force_login(data_entry)
    data = _hearing_data(
        hearing.plan,
        place,
        **_management("requests", initial=1, total=1),
        **{
            "requests-0-id": citizen_request.pk,
            "requests-0-hearing": hearing.pk,
            "requests-0-received_via": citizen_request.received_via,
            "requests-0-received_on": "2025-09-17",
            "requests-0-topic": citizen_request.topic,
            "requests-0-text": citizen_request.text,
            "requests-0-citizen_email": "qytetari@example.org",
            "requests-0-status": CitizenRequest.Status.ANSWERED,
            "requests-0-answer": "Ndriçimi vendoset në verë.",
            "requests-0-answered_via": CitizenRequest.AnswerChannel.EMAIL,
            "requests-0-answered_on": "2025-09-18",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("hearing_change", hearing.pk), data, follow=True)

    assert response.status_code == 200
    with translation.override("en"):
        warnings = [str(message) for message in response.context["messages"]]
    assert any("already emailed the earlier answer on 18.09.2025 09:30" in message for message in warnings)
    assert mailoutbox == []
    citizen_request.refresh_from_db()
    assert citizen_request.answer == "Ndriçimi vendoset në verë."


@pytest.mark.django_db
def test_the_albanian_admin_takes_dates_as_the_municipality_writes_them_and_shows_24_hour_times(
    client, data_entry, plan, place
):
    client.force_login(data_entry)
    with translation.override("sq"):
        add_url = reverse("admin:consultations_hearing_add")
        changelist = reverse("admin:consultations_hearing_changelist")
    data = _hearing_data(
        plan, place, starts_at_0="17.09.2025", starts_at_1="17:00", ends_at_0="17.09.2025", announced_on="10.09.2025"
    )
    assert client.post(add_url, data).status_code == 302

    hearing = Hearing.objects.get()
    assert timezone.localtime(hearing.starts_at).strftime("%d.%m.%Y %H:%M") == "17.09.2025 17:00"
    assert hearing.announced_on == datetime.date(2025, 9, 10)
    html = client.get(changelist).content.decode()
    assert "17 Shtator 2025, 17:00" in html or "17 shtator 2025, 17:00" in html
    assert "p.m." not in html and "a.m." not in html
    change = client.get(reverse("admin:consultations_hearing_change", args=[hearing.pk], current_app="admin"))
    assert 'value="17.09.2025"' in change.content.decode()


@pytest.mark.django_db
def test_data_entry_changes_a_hearing_and_records_a_request_answered_on_the_spot(client, data_entry, hearing, place):
    client.force_login(data_entry)
    data = _hearing_data(
        hearing.plan,
        place,
        women="10",
        men="20",
        **_management("requests", total=1),
        **{
            "requests-0-hearing": hearing.pk,
            "requests-0-received_via": CitizenRequest.Received.AT_HEARING,
            "requests-0-received_on": "2025-09-17",
            "requests-0-topic": "Ndriçimi publik",
            "requests-0-text": "Kërkojmë ndriçim në rrugën kryesore.",
            "requests-0-status": CitizenRequest.Status.ANSWERED,
            "requests-0-answer": "Ndriçimi vendoset në pranverë.",
            "requests-0-answered_via": CitizenRequest.AnswerChannel.ON_THE_SPOT,
            "requests-0-answered_on": "2025-09-17",
        },
    )
    response = client.post(_url("hearing_change", hearing.pk), data)
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert (hearing.women, hearing.men) == (10, 20)
    request = hearing.requests.get()
    assert (request.status, request.answered_via, request.answered_on) == (
        CitizenRequest.Status.ANSWERED,
        CitizenRequest.AnswerChannel.ON_THE_SPOT,
        datetime.date(2025, 9, 17),
    )


@pytest.mark.django_db
def test_the_officer_changes_a_plan(client, officer, plan):
    client.force_login(officer)
    response = client.post(_url("consultationplan_change", plan.pk), _plan_data(plan, purpose_sq="Qëllimi i ri"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.purpose_sq == "Qëllimi i ri"


# --- Who may see what ----------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, hearing):
    url = _url("hearing_change", hearing.pk)
    response = client.get(url)
    assert response.status_code == 302
    with translation.override("en"):
        login = reverse("admin:login")
    assert response["Location"] == f"{login}?next={url}"


@pytest.mark.django_db
def test_staff_without_a_group_may_not_add_or_change_hearings_or_list_plans(client, plain_staff, hearing):
    client.force_login(plain_staff)
    assert client.get(_url("hearing_add")).status_code == 403
    assert client.get(_url("hearing_change", hearing.pk)).status_code == 403
    assert client.post(_url("hearing_change", hearing.pk), {}).status_code == 403
    assert client.get(_url("consultationplan_changelist")).status_code == 403


@pytest.mark.django_db
def test_data_entry_may_not_add_or_change_a_plan_or_the_municipality(client, data_entry, plan):
    client.force_login(data_entry)
    assert client.get(_url("consultationplan_add")).status_code == 403
    response = client.post(_url("consultationplan_change", plan.pk), _plan_data(plan, purpose_sq="Tjetër"))
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.purpose_sq == "Konsultimet publike"
    assert client.get(_url("municipality_add")).status_code == 403
    assert client.get(_url("municipality_change", plan.municipality_id)).status_code == 403


# The expected answer for each role, written out rather than derived from roles.py.
MODELS = ("municipality", "directorate", "place", "announcementchannel", "consultationplan", "hearing")
ALLOWED = {
    "plain_staff": set(),
    "data_entry": {
        ("directorate", "changelist"),
        ("place", "changelist"),
        ("announcementchannel", "changelist"),
        ("consultationplan", "changelist"),
        ("hearing", "changelist"),
        ("hearing", "add"),
    },
    # The officer edits their municipality; adding one is the platform operator's (a superuser's).
    "officer": {(model, view) for model in MODELS for view in ("changelist", "add")} - {("municipality", "add")},
}


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["changelist", "add"])
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ["plain_staff", "data_entry", "officer"])
def test_permission_matrix(client, request, role, model, view):
    client.force_login(request.getfixturevalue(role))
    response = client.get(_url(f"{model}_{view}"))
    assert response.status_code == (200 if (model, view) in ALLOWED[role] else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["changelist", "add"])
@pytest.mark.parametrize("model", MODELS)
def test_every_admin_page_sends_anonymous_visitors_to_login(client, model, view):
    response = client.get(_url(f"{model}_{view}"))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/")


# --- The officer manages staff accounts ----------------------------------------------------


def _user_url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"admin:auth_user_{name}", args=args)


def _role(role: str | None) -> dict:
    """The user page's "roles in municipalities" inline as the officer posts it: one role, in their municipality."""
    data = {
        "memberships-TOTAL_FORMS": "1" if role else "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1",
    }
    if role:
        data["memberships-0-role"] = role
    return data


@pytest.mark.django_db
def test_the_officer_creates_a_data_entry_account_but_cannot_grant_more_than_the_three_roles(
    client, officer, municipality
):
    client.force_login(officer)
    response = client.post(
        _user_url("add"),
        {
            "username": "hyrja2",
            "password1": "Nj3-fjalekalim-i-gjate",
            "password2": "Nj3-fjalekalim-i-gjate",
            **_role(roles.DATA_ENTRY),
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    new_user = get_user_model().objects.get(username="hyrja2")
    assert [(m.municipality, m.role) for m in Membership.objects.filter(user=new_user)] == [
        (municipality, roles.DATA_ENTRY)
    ]

    page = client.get(_user_url("change", new_user.pk)).context
    form = page["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields and "groups" not in form.fields
    inline = page["inline_admin_formsets"][0].formset
    assert "municipality" not in inline.forms[0].fields  # always the officer's own
    assert {value for value, _label in inline.forms[0].fields["role"].choices if value} == set(roles.ROLES)

    response = client.post(
        _user_url("change", new_user.pk),
        {
            "username": "hyrja2",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",  # not on the form: ignored
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-11-25",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1",
            "memberships-0-id": str(Membership.objects.get(user=new_user).pk),
            "memberships-0-user": str(new_user.pk),
            "memberships-0-role": roles.DATA_ENTRY,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    new_user.refresh_from_db()
    assert (new_user.is_staff, new_user.is_superuser) == (True, False)


@pytest.mark.django_db
def test_the_officer_does_not_see_or_change_superusers(client, officer):
    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(officer)
    assert "root" not in client.get(_user_url("changelist")).content.decode()
    assert client.get(_user_url("change", admin_user.pk)).status_code == 404  # as for a row that does not exist


@pytest.mark.django_db
def test_data_entry_cannot_manage_accounts(client, data_entry):
    client.force_login(data_entry)
    assert client.get(_user_url("changelist")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["starts_at__year=99999999999999999999", "starts_at__year=abc", "starts_at__month=-1"]
)
def test_a_bad_date_hierarchy_address_goes_to_the_invalid_filter_page(client, data_entry, query):
    client.force_login(data_entry)
    response = client.get(f"{_url('hearing_changelist')}?{query}")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


# --- Publishing needs every required language -------------------------------------------


@pytest.mark.django_db
def test_publishing_without_the_serbian_texts_is_refused_and_nothing_is_saved(client, officer, plan, place):
    client.force_login(officer)
    response = client.post(_url("hearing_add"), _hearing_data(plan, place, title_sr_latn="", topic_sr_latn=""))
    assert response.status_code == 200
    assert _form_errors(response) == {"is_published": ["Cannot publish: missing in Serbian (Latin): title, topic."]}
    assert Hearing.objects.count() == 0


@pytest.mark.django_db
def test_an_unpublished_hearing_may_lack_the_serbian_texts(client, data_entry, plan, place):
    client.force_login(data_entry)
    data = _hearing_data(plan, place, title_sr_latn="", topic_sr_latn="", is_published=None)
    response = client.post(_url("hearing_add"), data)
    assert response.status_code == 302
    assert Hearing.objects.get().is_published is False


@pytest.mark.django_db
def test_removing_a_required_text_from_a_published_hearing_is_refused(client, officer, hearing, place):
    client.force_login(officer)
    response = client.post(_url("hearing_change", hearing.pk), _hearing_data(hearing.plan, place, topic_sr_latn=""))
    assert _form_errors(response) == {"is_published": ["Cannot publish: missing in Serbian (Latin): topic."]}
    hearing.refresh_from_db()
    assert hearing.topic_sr_latn == "Opštinski budžet"


@pytest.mark.django_db
def test_data_entry_cannot_remove_a_required_text_from_a_published_hearing_either(client, data_entry, hearing, place):
    client.force_login(data_entry)
    response = client.post(_url("hearing_change", hearing.pk), _hearing_data(hearing.plan, place, topic_sr_latn=""))
    assert _form_errors(response) == {"__all__": ["Cannot publish: missing in Serbian (Latin): topic."]}
    hearing.refresh_from_db()
    assert hearing.topic_sr_latn == "Opštinski budžet"


# --- The model's rules, shown on the field -----------------------------------------------


@pytest.mark.django_db
def test_a_hearing_ending_before_it_starts_is_refused_on_the_end(client, data_entry, plan, place):
    client.force_login(data_entry)
    response = client.post(_url("hearing_add"), _hearing_data(plan, place, ends_at_1="16:00:00"))
    assert _form_errors(response) == {"ends_at": ["The end cannot be before the start."]}
    assert Hearing.objects.count() == 0


@pytest.mark.django_db
def test_a_hearing_outside_the_plans_year_is_refused_on_the_dates(client, data_entry, plan, place):
    client.force_login(data_entry)
    response = client.post(
        _url("hearing_add"), _hearing_data(plan, place, starts_at_0="2026-01-05", ends_at_0="2026-01-05")
    )
    message = "This date is outside the plan's period (01.01.2025 – 31.12.2025)."
    assert _form_errors(response) == {"starts_at": [message], "ends_at": [message]}
    assert Hearing.objects.count() == 0


@pytest.mark.django_db
def test_attendance_on_an_upcoming_hearing_is_refused_on_the_counts(client, data_entry, plan, place):
    client.force_login(data_entry)
    response = client.post(_url("hearing_add"), _hearing_data(plan, place, status=Hearing.Status.PLANNED))
    message = "Attendance can only be recorded for a hearing that was held."
    assert _form_errors(response) == {"women": [message], "men": [message]}
    assert Hearing.objects.count() == 0


@pytest.mark.django_db
def test_a_negative_count_is_refused_on_the_field(client, data_entry, plan, place):
    client.force_login(data_entry)
    response = client.post(_url("hearing_add"), _hearing_data(plan, place, men="-3"))
    assert list(_form_errors(response)) == ["men"]
    assert Hearing.objects.count() == 0


@pytest.mark.django_db
def test_an_answered_request_without_its_channel_is_refused_on_the_inline_field(client, data_entry, hearing, place):
    client.force_login(data_entry)
    data = _hearing_data(
        hearing.plan,
        place,
        **_management("requests", total=1),
        **{
            "requests-0-hearing": hearing.pk,
            "requests-0-received_via": CitizenRequest.Received.AT_HEARING,
            "requests-0-received_on": "2025-09-17",
            "requests-0-text": "Kërkojmë ndriçim.",
            "requests-0-status": CitizenRequest.Status.ANSWERED,
            "requests-0-answer": "Po.",
            "requests-0-answered_on": "2025-09-17",
        },
    )
    response = client.post(_url("hearing_change", hearing.pk), data)
    assert response.status_code == 200
    assert _inline_errors(response, "requests") == [{"answered_via": ["Say how the request was answered."]}]
    assert CitizenRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_second_plan_for_the_same_year_is_refused_on_the_year(client, officer, plan):
    client.force_login(officer)
    response = client.post(_url("consultationplan_add"), _plan_data(plan))
    assert response.status_code == 200
    assert _form_errors(response) == {"year": ["This municipality already has a plan for that year."]}
    assert ConsultationPlan.objects.count() == 1


@pytest.mark.django_db
def test_a_plan_starting_in_another_year_is_refused_on_the_start_date(client, officer, municipality):
    client.force_login(officer)
    plan = PlanFactory.build(municipality=municipality, year=2026)
    response = client.post(_url("consultationplan_add"), _plan_data(plan, start_date="2025-12-01"))
    assert _form_errors(response) == {"start_date": ["The start date must fall in the plan's year (2026)."]}
    assert ConsultationPlan.objects.count() == 0


@pytest.mark.django_db
def test_the_plan_admin_does_not_touch_the_municipality(client, officer, plan):
    client.force_login(officer)
    client.post(_url("consultationplan_change", plan.pk), _plan_data(plan))
    assert Municipality.objects.count() == 1


# --- Document uploads ----------------------------------------------------------------------


def _upload_data(hearing, place, upload) -> dict:
    return _hearing_data(
        hearing.plan,
        place,
        **_management("documents", total=1),
        **{
            "documents-0-hearing": hearing.pk,
            "documents-0-title_sq": "Drafti i buxhetit",
            "documents-0-title_sr_latn": "",
            "documents-0-title_bs": "",
            "documents-0-title_en": "",
            "documents-0-file": upload,
        },
    )


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "Files of this type cannot be uploaded. Allowed types: pdf, docx, odt, png, jpg, jpeg."),
        ("draft.pdf", EXE, "The file's content is not PDF, whatever its name says. Choose the right file."),
        ("draft.docx", PDF, "The file's content is not DOCX, whatever its name says. Choose the right file."),
        (
            "poster.png",
            b"\xff\xd8\xff\xe0JFIF",
            "The file's content is not PNG, whatever its name says. Choose the right file.",
        ),
        ("notes", PDF, "Files of this type cannot be uploaded. Allowed types: pdf, docx, odt, png, jpg, jpeg."),
    ],
)
def test_an_upload_of_the_wrong_type_is_refused_on_the_file(client, data_entry, hearing, place, name, content, message):
    client.force_login(data_entry)
    upload = SimpleUploadedFile(name, content)
    response = client.post(_url("hearing_change", hearing.pk), _upload_data(hearing, place, upload))
    assert response.status_code == 200
    assert _inline_errors(response, "documents") == [{"file": [message]}]
    assert HearingDocument.objects.count() == 0


@pytest.mark.django_db
def test_an_upload_above_the_size_limit_is_refused_on_the_file(client, data_entry, hearing, place, settings):
    settings.DOCUMENT_MAX_MB = 1
    client.force_login(data_entry)
    upload = SimpleUploadedFile("draft.pdf", PDF + b"0" * (1024 * 1024))
    response = client.post(_url("hearing_change", hearing.pk), _upload_data(hearing, place, upload))
    assert _inline_errors(response, "documents") == [{"file": ["The file is too large: the limit is 1 MB."]}]
    assert HearingDocument.objects.count() == 0


@pytest.mark.django_db
def test_a_real_pdf_within_the_limit_is_stored(client, data_entry, hearing, place, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(data_entry)
    upload = SimpleUploadedFile("draft.pdf", PDF)
    response = client.post(_url("hearing_change", hearing.pk), _upload_data(hearing, place, upload))
    assert response.status_code == 302
    document = HearingDocument.objects.get()
    assert (document.hearing, document.title_sq, document.size, document.extension) == (
        hearing,
        "Drafti i buxhetit",
        len(PDF),
        "pdf",
    )


# --- The hearing list ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_year_filter_lists_only_that_years_hearings(client, data_entry, municipality):
    HearingFactory(plan=PlanFactory(municipality=municipality, year=2025))
    next_year = HearingFactory(plan=PlanFactory(municipality=municipality, year=2026))
    client.force_login(data_entry)
    response = client.get(_url("hearing_changelist"), {"year": "2026"})
    assert list(response.context["cl"].result_list) == [next_year]


@pytest.mark.django_db
def test_the_hearing_list_shows_the_computed_total(client, data_entry, plan):
    HearingFactory(plan=plan, women=5, men=12)
    client.force_login(data_entry)
    response = client.get(_url("hearing_changelist"))
    assertInHTML('<td class="field-total">17</td>', response.content.decode())


@pytest.mark.django_db
def test_the_hearing_list_makes_as_many_queries_for_fifty_hearings_as_for_five(
    client, data_entry, plan, django_assert_num_queries
):
    from django.db import connection

    HearingFactory.create_batch(5, plan=plan, announced_via=[channel("website")])
    client.force_login(data_entry)
    url = _url("hearing_changelist")
    client.get(url)  # warm caches (content types, permissions) outside the count
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    queries_for_five = len(five.captured_queries)  # the next request empties the connection's query log
    HearingFactory.create_batch(45, plan=plan, announced_via=[channel("website")])
    client.get(url)  # the new rows changed the content version: the municipality is read again once
    with django_assert_num_queries(queries_for_five):
        response = client.get(url)
    assert response.context["cl"].result_count == 50


@pytest.mark.django_db
def test_the_add_form_shows_a_dash_not_none_for_the_total(client, data_entry):
    client.force_login(data_entry)
    html = client.get(_url("hearing_add")).content.decode()
    assert "None" not in html


@pytest.mark.django_db
def test_a_user_given_a_role_becomes_staff_so_they_can_sign_in(client, officer):
    client.force_login(officer)
    response = client.post(
        _user_url("add"),
        {
            "username": "drita",
            "password1": "Nj3-fjalekalim-i-gjate",
            "password2": "Nj3-fjalekalim-i-gjate",
            **_role(roles.DATA_ENTRY),
        },
    )
    assert response.status_code == 302
    drita = get_user_model().objects.get(username="drita")
    assert drita.is_staff is True
