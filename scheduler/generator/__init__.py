"""A seeded generator of realistic allocation rounds (`beamtime-instance/1`).

Public surface: `generate_instance(config) -> Instance` and `GeneratorConfig` with
its profiles. Real facility, instrument and country names come from
`scheduler.generator.catalogue`; proposals, scores, shares and credits are
synthetic. See docs/generator.md.
"""

from scheduler.generator.config import (
    CALENDAR_PROFILES,
    POLICY_PROFILES,
    CalendarProfile,
    GeneratorConfig,
    PolicyProfile,
)
from scheduler.generator.instance import generate_instance

__all__ = [
    "CALENDAR_PROFILES",
    "POLICY_PROFILES",
    "CalendarProfile",
    "GeneratorConfig",
    "PolicyProfile",
    "generate_instance",
]
