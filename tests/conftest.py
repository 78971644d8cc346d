"""Fixtures shared by every test package; factories live in tests/factories.py."""

import contextlib

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import post_save
from django.utils import translation
from pytest_django.fixtures import _set_suffix_to_test_databases

from municipalities import roles
from municipalities.models import Municipality
from municipalities.scoping import every_municipality
from tests import factories
from tests.partition import parse_part
from tests.smtp_server import closed_smtp_port, hanging_smtp_server, smtp_server  # noqa: F401 - fixtures for every package


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """With `--part K/N` (tests/partition.py) each part makes its own test database, `<name>_partK`, as
    pytest-django names an xdist worker's (an in-memory SQLite database is each process's own already)."""
    part = parse_part(request.config.getoption("part"))
    if part is not None:
        _set_suffix_to_test_databases(f"part{part[0]}")


@pytest.fixture(autouse=True)
def _albanian_while_building_data():
    """Each test starts in Albanian: a request leaves its language active in the thread."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True, scope="session")
def _every_municipality_while_building_data():
    """A test (and a module's or package's fixture) builds and checks rows of any municipality; the
    requests it makes run in their own scope.

    The client's requests go through municipalities.middleware, which sets the request's municipality as
    the scope inside this one, so a view that forgets it still fails (tests/municipalities/test_scoping.py).
    """
    with every_municipality("a test builds and checks the data of several municipalities"):
        yield


@pytest.fixture(autouse=True)
def _role_accounts_are_members_of_each_new_municipality():
    """Accounts made with a role's group (factories.officer_user...) hold that role in every municipality a
    test makes, before or after them; tests of several municipalities make their memberships explicitly."""

    def on_save(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            for user in get_user_model().objects.filter(groups__name__in=roles.ROLES).distinct():
                factories.give_memberships(user, [instance])

    post_save.connect(on_save, sender=Municipality, dispatch_uid="tests-role-memberships")
    yield
    post_save.disconnect(dispatch_uid="tests-role-memberships", sender=Municipality)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The rate limits and the mail back-off live in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without `collectstatic` (the manifest storage needs it when DEBUG=0)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads and published reports go to the test's own folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test accounts need no slow hash; production keeps Django's default hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def municipality(db):
    return factories.MunicipalityFactory()


@pytest.fixture
def plan(municipality):
    return factories.PlanFactory(municipality=municipality)


@pytest.fixture
def hearing(plan):
    return factories.HearingFactory(plan=plan)


@pytest.fixture
def data_entry(db):
    """A Data entry account, member of every municipality the test makes (tests/factories.give_memberships)."""
    return factories.data_entry_user(username="hyrja")


@pytest.fixture
def officer(db):
    """The consultation officer of every municipality the test makes."""
    return factories.officer_user(username="zyrtari")


@pytest.fixture
def plain_staff(db):
    """A staff account in neither group: may log in to the admin, may change nothing."""
    return factories.UserFactory(username="pa-grup")


@pytest.fixture
def written(db):
    """A written consultation open for comments now."""
    return factories.WrittenConsultationFactory()


@pytest.fixture
def django_capture_on_commit_callbacks(django_capture_on_commit_callbacks):
    """pytest-django's fixture; with execute=True the commit is followed by the task worker's round.

    In production requests only store mail and enqueue tasks (publishing, sending) when they commit;
    the task worker (`run_worker`) runs them. Here the tasks enqueued by the commit run in this
    process, then one batch of the due mail is sent, as the worker's send_due_mail would. That
    requests themselves send nothing is tested in tests/notifications/test_mail.py.
    """
    capture = django_capture_on_commit_callbacks

    @contextlib.contextmanager
    def committed(*, using="default", execute=False):
        with capture(using=using, execute=execute) as callbacks:
            yield callbacks
        if execute:
            from notifications.sending import send_pending

            run_tasks()
            send_pending()

    return committed


def run_tasks() -> int:
    """Run the tasks waiting in the database queue, in this process, as a worker would; returns how many ran."""
    import threading

    from operations.worker import run_ready_tasks

    ran = 0
    while count := run_ready_tasks("tests", threading.Event()):
        ran += count
    return ran
