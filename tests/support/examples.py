"""How many examples each property test tries: Hypothesis's `ci` profile, selected by `.ci/run`,
runs the full count; the `dev` profile, the default, a tenth of it so a local run stays quick.

`HYPOTHESIS_PROFILE=ci make test` runs locally what CI runs.
"""

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
FULL = PROFILE == "ci"

settings.register_profile("ci", max_examples=1000, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(PROFILE)


def examples(in_ci: int) -> int:
    """`in_ci` examples under the `ci` profile; a tenth of them (at least ten) under `dev`."""
    return in_ci if FULL else max(10, in_ci // 10)
