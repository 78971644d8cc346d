"""Publishing is a permission of its own: the officer and "Data entry and publishing" publish, Data entry prepares."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from consultations.models import ConsultationPlan, Hearing
from municipalities import roles
from municipalities.models import Membership
from tests import factories
from tests.consultations.test_admin import _hearing_data, _plan_data

pytestmark = pytest.mark.django_db


def _url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"admin:consultations_{name}", args=args)


def _codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return set(group.permissions.filter(codename__startswith="publish_").values_list("codename", flat=True))


@pytest.fixture
def place(municipality):
    return factories.PlaceFactory(municipality=municipality)


@pytest.fixture
def draft(plan):
    return factories.HearingFactory(plan=plan, is_published=False)


def test_each_role_holds_the_publishing_permissions_the_staff_guide_gives_it():
    assert _codenames(roles.OFFICER) == {
        "publish_hearing",
        "publish_plan",
        "publish_report",
        "publish_consultationreport",
    }
    assert _codenames(roles.DATA_ENTRY_AND_PUBLISHING) == {"publish_hearing"}
    assert _codenames(roles.DATA_ENTRY) == set()


def test_data_entry_and_publishing_has_every_permission_of_data_entry():
    data_entry = set(Group.objects.get(name=roles.DATA_ENTRY).permissions.all())
    publishing = set(Group.objects.get(name=roles.DATA_ENTRY_AND_PUBLISHING).permissions.all())
    assert publishing - data_entry == {Permission.objects.get(codename="publish_hearing")}


def test_for_data_entry_published_is_read_only_and_a_posted_value_is_ignored(client, data_entry, draft, place):
    client.force_login(data_entry)
    page = client.get(_url("hearing_change", draft.pk))
    assert "is_published" not in page.context["adminform"].form.fields
    response = client.post(_url("hearing_change", draft.pk), _hearing_data(draft.plan, place, is_published="on"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published is False


@pytest.mark.parametrize("make_user", [factories.publisher_user, factories.officer_user], ids=["publisher", "officer"])
def test_publishers_publish_a_hearing_in_the_form(client, draft, place, make_user):
    client.force_login(make_user(username="publikuesi"))
    response = client.post(_url("hearing_change", draft.pk), _hearing_data(draft.plan, place, is_published="on"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published is True
    assert draft.published_at is not None


def _action(client, action: str, *hearings):
    return client.post(
        _url("hearing_changelist"),
        {"action": action, "_selected_action": [hearing.pk for hearing in hearings]},
        follow=True,
    )


def test_data_entry_is_not_offered_the_publishing_actions_and_posting_one_publishes_nothing(client, data_entry, draft):
    client.force_login(data_entry)
    action_form = client.get(_url("hearing_changelist")).context["action_form"]
    choices = dict(action_form.fields["action"].choices) if action_form else {}
    assert "publish_selected" not in choices and "unpublish_selected" not in choices
    _action(client, "publish_selected", draft)
    draft.refresh_from_db()
    assert draft.is_published is False


def test_the_publisher_publishes_and_unpublishes_selected_hearings(client, draft):
    client.force_login(factories.publisher_user(username="publikuesi"))
    response = _action(client, "publish_selected", draft)
    draft.refresh_from_db()
    assert draft.is_published is True
    with translation.override("en"):
        assert "1 consultation was published." in [str(m) for m in response.context["messages"]]
    _action(client, "unpublish_selected", draft)
    draft.refresh_from_db()
    assert draft.is_published is False


def test_the_publish_action_refuses_a_hearing_without_its_serbian_texts_and_says_why(client, officer, plan):
    incomplete = factories.HearingFactory(plan=plan, is_published=False, title_sr_latn="", topic_sr_latn="")
    client.force_login(officer)
    response = _action(client, "publish_selected", incomplete)
    incomplete.refresh_from_db()
    assert incomplete.is_published is False
    messages = [str(m) for m in response.context["messages"]]
    assert any("Serbian (Latin): title, topic" in message for message in messages)


def test_the_officer_publishes_the_plan(client, officer, municipality):
    plan = factories.PlanFactory(municipality=municipality, status=ConsultationPlan.Status.DRAFT)
    client.force_login(officer)
    response = client.post(
        _url("consultationplan_change", plan.pk), _plan_data(plan, status=ConsultationPlan.Status.PUBLISHED)
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ConsultationPlan.Status.PUBLISHED


def test_without_the_plan_publishing_permission_the_status_is_read_only(client, municipality):
    plan = factories.PlanFactory(municipality=municipality, status=ConsultationPlan.Status.DRAFT)
    editor = factories.UserFactory(username="redaktori")
    Membership.objects.create(user=editor, municipality=municipality, role=roles.DATA_ENTRY)  # may view plans
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_consultationplan", "view_consultationplan"])
    )
    client.force_login(editor)
    assert "status" not in client.get(_url("consultationplan_change", plan.pk)).context["adminform"].form.fields
    client.post(_url("consultationplan_change", plan.pk), _plan_data(plan, status=ConsultationPlan.Status.PUBLISHED))
    plan.refresh_from_db()
    assert plan.status == ConsultationPlan.Status.DRAFT


def test_the_officer_gives_an_account_the_data_entry_and_publishing_role(client, officer, municipality):
    client.force_login(officer)
    with translation.override("en"):
        url = reverse("admin:auth_user_add")
    response = client.post(
        url,
        {
            "username": "informimi",
            "password1": "Nj3-fjalekalim-i-gjate",
            "password2": "Nj3-fjalekalim-i-gjate",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1",
            "memberships-0-role": roles.DATA_ENTRY_AND_PUBLISHING,
        },
    )
    assert response.status_code == 302
    colleague = get_user_model().objects.get(username="informimi")
    assert colleague.is_staff is True
    assert colleague.has_perm(roles.PUBLISH_HEARING) is True
    assert colleague.has_perm(roles.PUBLISH_PLAN) is False
    assert Hearing.objects.count() == 0
