"""Staff sign-in: wrong passwords lock a (username, address) pair, never the officer elsewhere."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from municipalities import roles
from tests import factories
from web.staff_login import client_address

# The admin is a municipality's: the portal under test serves one, whose officer the role accounts are.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("municipality")]

PASSWORD = "Sakt-Fjalekalimi-2025"


@pytest.fixture
def officer_with_password(db):
    user = factories.officer_user(username="zyrtari")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login_url() -> str:
    with translation.override("en"):
        return reverse("admin:login")


def _sign_in(client, password: str, address: str = "203.0.113.5", username: str = "zyrtari"):
    return client.post(
        _login_url(), {"username": username, "password": password, "next": "/en/admin/"}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_pair_and_even_the_right_password_is_then_refused(client, officer_with_password):
    for _ in range(5):
        response = _sign_in(client, "gabim")
        assert response.status_code in (200, 429)
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Sign-in blocked for a while" in page
    assert "Try again after" in page


def test_the_lockout_page_says_when_to_try_again(client, officer_with_password, settings):
    settings.AXES_COOLOFF_MINUTES = 15
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    for _ in range(5):
        _sign_in(client, "gabim")
    last = AccessAttempt.objects.get().attempt_time
    response = _sign_in(client, "gabim")
    until = timezone.localtime(AccessAttempt.objects.get().attempt_time + datetime.timedelta(minutes=15))
    assert last <= AccessAttempt.objects.get().attempt_time
    with translation.override("en"):
        expected = f"Try again after {time_format(until, 'TIME_FORMAT')} on {date_format(until, 'SHORT_DATE_FORMAT')}."
    assert expected in response.content.decode()


def test_the_lockout_page_is_translated(client, officer_with_password):
    with translation.override("sq"):
        url = reverse("admin:login")
    for _ in range(6):
        response = client.post(url, {"username": "zyrtari", "password": "gabim"}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert '<html lang="sq">' in response.content.decode()
    assert "Sign-in blocked for a while" not in response.content.decode()


def test_a_sixth_attempt_from_another_address_for_the_same_username_is_not_locked(client, officer_with_password):
    for _ in range(5):
        _sign_in(client, "gabim", address="198.51.100.66")
    response = _sign_in(client, PASSWORD, address="203.0.113.5")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer_with_password.pk)


def test_four_wrong_passwords_do_not_lock_and_a_success_clears_them(client, officer_with_password):
    for _ in range(4):
        _sign_in(client, "gabim")
    assert _sign_in(client, PASSWORD).status_code == 302
    assert AccessAttempt.objects.count() == 0


def test_the_limit_and_the_cool_off_come_from_the_settings(client, officer_with_password, settings):
    settings.AXES_FAILURE_LIMIT = 2
    _sign_in(client, "gabim")
    _sign_in(client, "gabim")
    assert _sign_in(client, PASSWORD).status_code == 429


def test_the_lock_ends_after_the_cool_off(client, officer_with_password):
    for _ in range(5):
        _sign_in(client, "gabim")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _sign_in(client, PASSWORD).status_code == 302


def test_behind_a_proxy_the_citizens_address_counts_not_the_proxys(client, officer_with_password, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            _login_url(),
            {"username": "zyrtari", "password": "gabim"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"
    response = client.post(
        _login_url(),
        {"username": "zyrtari", "password": PASSWORD, "next": "/en/admin/"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert response.status_code == 302


def test_a_forged_leftmost_forwarded_address_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.66")
    assert client_address(request) == "198.51.100.66"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(request) == "10.0.0.1"


def test_the_officer_sees_the_attempts_and_unlocks_by_deleting_them(client, officer_with_password):
    for _ in range(5):
        _sign_in(client, "gabim")
    attempt = AccessAttempt.objects.get()
    other = factories.officer_user(username="zyrtari2")
    client.force_login(other)
    with translation.override("en"):
        changelist = reverse("admin:axes_accessattempt_changelist")
        delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    response = client.get(changelist)
    assert response.status_code == 200
    assert "zyrtari" in response.content.decode()
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert AccessAttempt.objects.count() == 0
    client.logout()
    assert _sign_in(client, PASSWORD).status_code == 302


def test_data_entry_may_not_see_the_attempts(client, data_entry):
    client.force_login(data_entry)
    with translation.override("en"):
        assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_the_officer_group_holds_the_axes_permissions():
    officer = Group.objects.get(name=roles.OFFICER)
    codenames = set(
        Permission.objects.filter(group=officer, content_type__app_label="axes").values_list("codename", flat=True)
    )
    assert codenames == {"view_accessattempt", "delete_accessattempt", "view_accessfailurelog", "view_accesslog"}


def test_the_attempts_page_speaks_albanian(client, officer):
    client.force_login(officer)
    with translation.override("sq"):
        response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert "Përpjekjet për hyrje" in response.content.decode()


def _guesses_checked(client, addresses: list[str], tries: int) -> int:
    """Wrong passwords sent `tries` times from each address; how many reached the password check (not refused)."""
    checked = 0
    for address in addresses:
        for _ in range(tries):
            if _sign_in(client, "gabim", address).status_code == 200:
                checked += 1
    return checked


def test_sixty_addresses_cannot_make_three_hundred_guesses_at_one_account(client, officer_with_password):
    addresses = [f"198.51.100.{number}" for number in range(1, 61)]
    checked = _guesses_checked(client, addresses, 5)

    # Each address alone stays under its own limit until its 5th try; the account closes at 20.
    assert checked <= 20
    response = _sign_in(client, PASSWORD, "192.0.2.77")  # even the right password, from a new address
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "only from a connection where it was used before" in response.content.decode()


def test_one_ipv6_64_counts_as_one_address(client, officer_with_password):
    for number in range(1, 6):
        _sign_in(client, "gabim", f"2001:db8:7:9::{number:x}")
    response = _sign_in(client, PASSWORD, "2001:db8:7:9:ffff::1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another /64 is another address.
    assert _sign_in(client, PASSWORD, "2001:db8:7:a::1").status_code == 302


def test_the_officer_still_signs_in_where_they_signed_in_before(client, officer_with_password):
    assert _sign_in(client, PASSWORD, "203.0.113.5").status_code == 302  # the town hall, last week
    client.logout()
    _guesses_checked(client, [f"198.51.100.{number}" for number in range(1, 31)], 5)

    response = _sign_in(client, PASSWORD, "203.0.113.5")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer_with_password.pk)


def test_the_account_limit_ends_with_the_cool_off(client, officer_with_password):
    _guesses_checked(client, [f"198.51.100.{number}" for number in range(1, 6)], 5)
    assert _sign_in(client, PASSWORD, "192.0.2.77").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _sign_in(client, PASSWORD, "192.0.2.77").status_code == 302
