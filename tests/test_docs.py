"""The documentation says what the code does, and its examples work as written."""

from __future__ import annotations

import re
import subprocess

from django.conf import settings
from django.core.management import get_commands

from municipalities import roles

DOCS = settings.BASE_DIR / "docs"


def sections(markdown: str) -> dict[str, str]:
    """Each `## ` heading with the text under it."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_deployment_guide_numbers_its_sections_once_each_in_order():
    headings = list(sections((DOCS / "deployment.md").read_text()))
    numbers = [int(heading.split(".")[0]) for heading in headings]
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_proxy_settings_sit_under_the_proxy_heading_and_the_worker_section_runs_the_worker():
    guide = sections((DOCS / "deployment.md").read_text())
    (nginx,) = [text for heading, text in guide.items() if "nginx" in heading]
    (worker,) = [text for heading, text in guide.items() if "worker" in heading.lower()]
    assert "TRUSTED_PROXY_COUNT=1" in nginx
    assert "TRUSTED_PROXY_COUNT" not in worker
    assert "ExecStart=/srv/istog-consult/app/.venv/bin/python manage.py run_worker" in worker
    for job in ("notify_subscribers", "purge_old_records"):
        assert f"`{job}`" in worker


def test_the_env_file_example_loads_in_the_shell_as_the_guide_says(tmp_path):
    guide = (DOCS / "deployment.md").read_text()
    env = re.search(r"Create `/srv/istog-consult/env`.*?```sh\n(.*?)```", guide, re.DOTALL).group(1)
    admins = re.search(r"e\.g\. `(ADMINS=[^`]+)`", (DOCS / "configuration.md").read_text()).group(1)
    assert admins in env
    # The reader fills in the placeholders (<password>); the addresses in ADMINS stay as written.
    (tmp_path / "env").write_text(re.sub(r"<[^<>@]+>", "filled-in", env))

    shell = subprocess.run(
        ["/bin/bash", "-c", 'set -e; set -a; . ./env; set +a; printf %s "$ADMINS"'],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (shell.returncode, shell.stderr) == (0, "")
    assert shell.stdout == "Arta Berisha <arta@istog.example>, it@istog.example"


def test_the_municipality_guide_names_every_staff_group_and_repeats_no_line():
    guide = (DOCS / "municipality.md").read_text()
    for role in roles.ROLES:
        assert f"*{role}*" in guide
    lines = [line.strip() for line in guide.splitlines() if len(line.strip()) > 20]
    assert sorted({line for line in lines if lines.count(line) > 1}) == []


def test_the_readme_says_how_to_reset_the_officers_password():
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert "manage.py changepassword officer" in readme
    assert "changepassword" in get_commands()


def test_the_nginx_configuration_has_one_source_the_file_the_tests_run():
    (nginx,) = [text for heading, text in sections((DOCS / "deployment.md").read_text()).items() if "nginx" in heading]
    assert "deploy/nginx/istog-consult.conf" in nginx
    assert "```nginx" not in nginx and "proxy_pass" not in nginx  # no second copy to drift apart
    site = (settings.BASE_DIR / "deploy" / "nginx" / "istog-consult.conf").read_text()
    for cookie in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME):
        assert f"$cookie_{cookie}" in site
        assert f"`{cookie}`" in nginx or cookie == settings.LANGUAGE_COOKIE_NAME
