"""The committed catalogs translate every interface string the source holds today.

The source text is extracted afresh with Django's makemessages (into a copy of the
project, so the committed files are never touched) and each catalog is compared with
gettext's msgcmp, which counts an untranslated or fuzzy entry as missing.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CATALOG_LANGUAGES = ["sq", "sr_Latn", "sr", "bs", "tr"]
NOT_SOURCE = (".git", ".venv", "node_modules", "staticfiles", "test-artifacts", "locale", "*.pyc")


@pytest.fixture(scope="module")
def source_template(tmp_path_factory):
    """The .pot file makemessages makes from the current source."""
    copy = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    (copy / "locale").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        patch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
        call_command("makemessages", locale=["sq"], keep_pot=True, verbosity=0)
    template = copy / "locale" / "django.pot"
    assert "msgid" in template.read_text(encoding="utf-8")
    return template


def gettext_tool(name, *arguments):
    """Run one of GNU gettext's tools (the setup installs them to compile the catalogs)."""
    executable = shutil.which(name)
    assert executable, f"{name} is missing: install gettext"
    # The arguments are paths this module builds, never outside input.
    return subprocess.run([executable, *arguments], capture_output=True, text=True, check=False)  # noqa: S603


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_translates_every_interface_string(language, source_template):
    catalog = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    result = gettext_tool("msgcmp", str(catalog), str(source_template))
    assert result.returncode == 0, f"{catalog} is missing translations; run `make messages`:\n{result.stderr}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_is_valid_and_has_no_fuzzy_entries(language):
    catalog = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    result = gettext_tool("msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalog))
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
