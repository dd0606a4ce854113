"""axe-core checks for browser tests: `serious_violations` for serious and critical ones,
`violations` for every one, whatever its impact (patient pages allow none)."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def _described(violation) -> str:
    return (
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes: "
        f"{[node['target'] for node in violation['nodes']][:3]})"
    )


def serious_violations(page) -> list[str]:
    return [
        _described(violation)
        for violation in _axe.run(page).response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]


def violations(page) -> list[str]:
    return [_described(violation) for violation in _axe.run(page).response["violations"]]
