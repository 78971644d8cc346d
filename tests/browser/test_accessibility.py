"""WCAG 2.1 A and AA checks with axe-core, and keyboard focus, on the public pages in every language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.portal import LANGUAGE_CODES, REPORT_YEAR, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# Every violation, blocking or not, and what axe could not decide ("incomplete"), per page
# and language: the record to pass on to the pages' owners.
AXE_RESULTS = Path(settings.BASE_DIR) / "test-artifacts" / "axe"

PAGES = ["home", "hearing-list", "held-hearing", "open-consultation", "plan", "report", "not-found"]


def page_path(name: str, lang: str, demo) -> str | None:
    """The path of one of the pages under test, or None when the demo data has no such page."""
    if name == "home":
        return url("consultations:home", lang)
    if name == "hearing-list":
        return url("consultations:hearing-list", lang)
    if name == "held-hearing":
        return url("consultations:hearing-detail", lang, pk=demo.held_hearing_pk)
    if name == "open-consultation":
        if demo.open_consultation_pk is None:
            return None
        return url("consultations:hearing-detail", lang, pk=demo.open_consultation_pk)
    if name == "plan":
        return url("consultations:plan-detail", lang, year=REPORT_YEAR)
    if name == "report":
        return url("reports:annual-report", lang, year=REPORT_YEAR)
    if name == "not-found":
        return f"/{lang}/no-such-page/"
    raise ValueError(name)


@pytest.fixture
def open_page(demo, visit):
    """Visit a page under test by its name and language."""

    def open_by_name(name: str, lang: str) -> None:
        path = page_path(name, lang, demo)
        # load_istog_2025 always opens one written consultation today (clamped inside the year).
        assert path is not None, "The demo data has no written consultation open for comments."
        visit(path, name, status=404 if name == "not-found" else 200)

    return open_by_name


def describe(violation: dict) -> str:
    """One violation as a page owner needs it: rule, what to do, where, and axe's summary."""
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"]
    for node in violation["nodes"]:
        target = " ".join(json.dumps(part) if not isinstance(part, str) else part for part in node["target"])
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_page_has_no_serious_wcag_violations(page, open_page, axe_source, lang, name):
    open_page(name, lang)
    # Evaluated through the DevTools protocol: an injected <script> element would break the page's CSP.
    page.evaluate(axe_source.read_text(encoding="utf-8"))
    results = page.evaluate(
        # resultTypes keeps the details of passing checks out: the same verdict, sooner.
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = results["violations"]
    AXE_RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"url": page.url, "violations": violations, "incomplete": results["incomplete"]}
    (AXE_RESULTS / f"{lang}-{name}.json").write_text(json.dumps(record, indent=2, ensure_ascii=False))
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core found serious or critical violations on {page.url}:\n" + "\n".join(
        describe(violation) for violation in blocking
    )


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_skip_link_comes_first_and_keyboard_focus_is_visible(page, open_page, snap, lang, name):
    open_page(name, lang)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                html: element.outerHTML.slice(0, 200),
                href: element.getAttribute('href'),
                outlineStyle: style.outlineStyle,
                outlineWidth: style.outlineWidth,
                boxShadow: style.boxShadow,
                visible: element.getBoundingClientRect().width > 1 && element.getBoundingClientRect().height > 1,
            };
        }"""
    )
    snap(f"{name}-first-tab", full_page=False)
    assert focused["href"] == "#main", f"The first Tab stop is not the skip link: {focused['html']}"
    outline_shown = focused["outlineStyle"] != "none" and focused["outlineWidth"] not in ("0px", "")
    assert outline_shown or focused["boxShadow"] != "none", f"The focused skip link shows no focus ring: {focused}"
    assert focused["visible"], f"The focused skip link stays visually hidden: {focused}"
