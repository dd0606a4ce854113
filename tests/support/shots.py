"""Screenshots of browser tests, for a person to look at: written only when PAGE_SHOTS names a
folder (`PAGE_SHOTS=/tmp/shots make test`), so a normal run leaves nothing behind."""

import os
from pathlib import Path


def save_shot(target, name: str, **options) -> None:
    """Save a screenshot of `target` (a Playwright page or locator) as PAGE_SHOTS/<name>.png."""
    folder = os.environ.get("PAGE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(Path(folder) / f"{name}.png"), **options)
