"""Security headers on every kind of page: a strict CSP, Permissions-Policy; production cookie and deploy checks."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import path, reverse
from django.utils import translation

from istog_consult.urls import urlpatterns as portal_urlpatterns

STRICT = {
    "default-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
}


def _directives(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";") if part.strip()}


def assert_strict(response) -> None:
    policy = response["Content-Security-Policy"]
    assert _directives(response) >= STRICT, policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/sq/", "/sq/konsultimet/", "/sq/no-such-page/", "/sq/admin/login/", "/sq/admin/password_reset/", "/favicon.ico"],
)
def test_public_error_and_admin_pages_carry_the_strict_policy_and_permissions_policy(client, path):
    response = client.get(path)
    assert_strict(response)
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


@pytest.mark.django_db
def test_the_admin_index_carries_the_strict_policy(client, officer, municipality):
    client.force_login(officer)
    with translation.override("sq"):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_strict(response)


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), *portal_urlpatterns]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_500_page_carries_the_strict_policy(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_strict(response)


def test_no_template_holds_an_inline_style_script_or_event_handler():
    offenders = []
    # Mail is read in a mail program and the print templates only by WeasyPrint, never under the site's CSP.
    not_served = {"print_base.html", "print_styles.html"}
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        if "email" in template.parts or template.name in not_served:
            continue
        text = template.read_text(encoding="utf-8")
        for needle in (
            " style=",
            "<style",
            "<script>",
            " onclick=",
            " onload=",
            " onchange=",
            " onsubmit=",
            "javascript:",
        ):
            if needle in text:
                offenders.append(f"{template.relative_to(settings.BASE_DIR)}: {needle.strip()}")
    assert offenders == []


def _production(code: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        # The test environment's relaxations (tests/testenv.py, the browser suite's async flag) stay out.
        if not key.endswith("_COOKIE_SECURE")
        and key not in {"SECURE_SSL_REDIRECT", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {"DEBUG": "0", "SECRET_KEY": "p" * 20 + "roduction-key-with-enough-variety-0123456789", "ALLOWED_HOSTS": "x"}
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, *code.split()] if code.startswith("manage.py") else [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout + result.stderr


def test_in_production_the_language_cookie_is_secure_and_same_site_lax():
    output = _production(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'istog_consult.settings'; django.setup(); "
        "from django.conf import settings as s; print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE)"
    )
    assert output.strip().splitlines()[-1] == "True Lax"


def test_check_deploy_stays_clean():
    output = _production("manage.py check --deploy --fail-level WARNING")
    assert "System check identified no issues" in output, output
