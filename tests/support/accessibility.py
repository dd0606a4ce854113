"""axe-core checks for browser tests: serious and critical violations fail the test, or, for the
pages held to it, any violation at all."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def serious_violations(page) -> list[str]:
    results = _axe.run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes: "
        f"{[node['target'] for node in violation['nodes']][:3]})"
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]


def violations(page) -> list[str]:
    """Every violation axe finds, whatever its impact."""
    page.wait_for_timeout(50)  # after the page's own "load" handlers (static/js/admin_a11y.js)
    results = _axe.run(page)
    return [
        f"{violation['impact']} {violation['id']}: {violation['help']} "
        f"({[node['target'] for node in violation['nodes']][:3]})"
        for violation in results.response["violations"]
    ]
