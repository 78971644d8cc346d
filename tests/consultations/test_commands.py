"""The create_officer command: one officer account, its password printed once."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from municipalities import roles


def _create_officer(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("create_officer", *args, stdout=out)
    return out.getvalue()


def _password(output: str) -> str:
    (password,) = re.findall(r"^Password: (\S+)$", output, flags=re.MULTILINE)
    return password


@pytest.mark.django_db
def test_create_officer_creates_a_staff_officer_whose_printed_password_logs_in():
    output = _create_officer()
    user = get_user_model().objects.get(username="officer")
    assert user.is_staff is True
    assert user.is_superuser is False
    assert list(user.groups.values_list("name", flat=True)) == [roles.OFFICER]
    assert user.check_password(_password(output)) is True
    assert "/sq/admin/" in output


@pytest.mark.django_db
def test_the_officer_may_change_hearings_and_plans(municipality):
    _create_officer()  # the officer of the installation's one municipality
    user = get_user_model().objects.get(username="officer")
    assert user.has_perms(["consultations.change_hearing", "consultations.change_consultationplan"]) is True


@pytest.mark.django_db
def test_a_second_run_changes_nothing():
    first = _create_officer()
    user = get_user_model().objects.get(username="officer")
    password_hash = user.password
    second = _create_officer()
    assert second == "The user “officer” exists already; nothing was changed.\n"
    assert "Password" not in second
    assert get_user_model().objects.count() == 1
    user.refresh_from_db()
    assert user.password == password_hash
    assert user.check_password(_password(first)) is True


@pytest.mark.django_db
def test_each_new_officer_gets_a_different_password():
    first = _password(_create_officer("--username", "zyrtari1"))
    second = _password(_create_officer("--username", "zyrtari2", "--email", "zyrtari2@example.org"))
    assert first != second
    assert get_user_model().objects.get(username="zyrtari2").email == "zyrtari2@example.org"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--username", ""], "Give a username."),
        (["--email", "not-an-address"], "“not-an-address” is not a valid email address."),
    ],
)
def test_bad_input_is_a_command_error_and_creates_nobody(args, message):
    with pytest.raises(CommandError) as error:
        _create_officer(*args)
    assert str(error.value) == message
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_a_username_with_spaces_is_a_command_error():
    with pytest.raises(CommandError):
        _create_officer("--username", "zyrtari i ri")
    assert get_user_model().objects.count() == 0
