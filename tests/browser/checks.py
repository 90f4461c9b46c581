"""What every page must be in a real browser: local, error-free, small and accessible."""
from __future__ import annotations

from pathlib import Path


def assert_local_small_accessible(visit, artifacts: Path, shot: str, budget_bytes: int) -> None:
    """One <h1>, no request off the machine, no console error, under ``budget_bytes`` sent, axe-core clean.

    Saves a full-page screenshot as ``artifacts/shot.png`` for a person to look at.
    """
    from axe_playwright_python.sync_playwright import Axe

    page = visit.page
    assert page.locator("main h1").count() == 1
    page.screenshot(path=str(artifacts / f"{shot}.png"), full_page=True)
    assert visit.outside == [], f"requests left the machine: {visit.outside}"
    assert visit.console_errors == [], visit.console_errors
    sent = sum(r.request.sizes()["responseBodySize"] for r in visit.responses)
    assert sent < budget_bytes, f"{shot}: {sent} bytes over the wire"
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
