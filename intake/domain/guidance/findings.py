"""What the summary is made of: findings, each with a level, the answers behind it and the
comparison topic it points to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from intake.domain.guidance.evidence import Evidence

# Keys of the comparison topics a finding may point to (section 5 of the brief).
TOPICS = (
    "mechanism",
    "onset",
    "duration",
    "administration",
    "side_effects",
    "considered_for",
    "cautions",
    "evidence",
)


class Level(StrEnum):
    URGENT = "urgent"
    # A contraindication in a ketamine or esketamine label: the verdict is "other options
    # usually come first", and the provider decides.
    CONTRAINDICATION = "contraindication"
    CAUTION = "caution"
    CONSIDER = "consider"
    INFO = "info"


LEVEL_ORDER = {level: rank for rank, level in enumerate(Level)}


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    title: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    topic: str | None = None
