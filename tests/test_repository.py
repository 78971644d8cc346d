"""The repository stands alone: no file points to a document outside it, and the docs' links resolve."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".git", ".venv", "node_modules", "staticfiles", "media", "test-artifacts", "__pycache__", ".ruff_cache"}
TEXT_FILES = {".py", ".md", ".html", ".txt", ".po", ".toml", ".json", ".js", ".css", ".cfg", ".sh"}
# Outside documents a docstring or comment once pointed to (the words are split so this file does not match).
OUTSIDE = re.compile(
    "|".join(("/" + "work/", r"\.\./" + "shared/", r"\bshared/(STYLE|GLOSSARY|seed)", r"(STYLE|GLOSSARY)\.md"))
)


def _files(suffixes: set[str]) -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*")
        if path.is_file() and path.suffix in suffixes and not SKIPPED & set(path.relative_to(ROOT).parts)
    )


def test_no_file_points_to_a_document_outside_the_repository():
    pointers = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _files(TEXT_FILES)
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert pointers == []


@pytest.mark.parametrize("document", _files({".md"}), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_of_the_docs_leads_to_a_file_of_the_repository(document):
    links = re.findall(r"\]\(([^)\s]+)\)", document.read_text(encoding="utf-8"))
    relative = [link.split("#")[0] for link in links if not re.match(r"[a-z]+:|#|/", link)]
    assert [link for link in relative if not (document.parent / link).exists()] == []
