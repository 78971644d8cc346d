"""Running axe-core in a page and reporting what it finds, for the public pages and the admin alike."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# Every violation, blocking or not, and what axe could not decide ("incomplete"), per page
# and language: the record to pass on to the pages' owners.
AXE_RESULTS = Path(settings.BASE_DIR) / "test-artifacts" / "axe"


def describe(violation: dict) -> str:
    """One violation as a page owner needs it: rule, what to do, where, and axe's summary."""
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"]
    for node in violation["nodes"]:
        target = " ".join(json.dumps(part) if not isinstance(part, str) else part for part in node["target"])
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def assert_no_blocking_violations(page, axe_source: Path, record_name: str) -> None:
    """Run axe's WCAG 2.1 A/AA rules on the open page, keep the record, fail on serious or critical ones."""
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
    (AXE_RESULTS / f"{record_name}.json").write_text(json.dumps(record, indent=2, ensure_ascii=False))
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core found serious or critical violations on {page.url}:\n" + "\n".join(
        describe(violation) for violation in blocking
    )
