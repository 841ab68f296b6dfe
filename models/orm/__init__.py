"""The booking service's tables, as typed SQLAlchemy 2.0 models.

Nothing here imports `scheduler` or `api`; the service maps these rows to and
from the exchange format in `api/`.
"""

from models.orm.auth import ApiToken, AuditEntry, EndedSession, IdempotencyRecord
from models.orm.base import Base, utc_now
from models.orm.bookings import HOLDING_STATUSES, Booking, BookingStatus, ShiftUsage
from models.orm.exports import CachedDecisionRow, CachedExport
from models.orm.facilities import ClosedPeriod, Country, Facility, Instrument
from models.orm.feeds import CalendarFeed, FeedKind
from models.orm.outages import BookingLoss, Outage, outage_instruments
from models.orm.proposals import (
    Precedence,
    Proposal,
    ProposalShare,
    Request,
    RequestInstrument,
    ResearchGroup,
    Review,
)
from models.orm.rounds import (
    Agreement,
    AgreementKind,
    CutoffDisclosure,
    Round,
    RoundState,
    round_facilities,
)
from models.orm.solves import (
    FINISHED_JOB_STATUSES,
    Allocation,
    AllocationState,
    Award,
    JobPurpose,
    JobStatus,
    SolveJob,
    SolveProgress,
)
from models.orm.standing import AgreementAdjustment, StandingAgreement
from models.orm.whatifs import WhatIf, WhatIfCase

__all__ = [
    "FINISHED_JOB_STATUSES",
    "HOLDING_STATUSES",
    "Agreement",
    "AgreementAdjustment",
    "AgreementKind",
    "Allocation",
    "AllocationState",
    "ApiToken",
    "AuditEntry",
    "Award",
    "Base",
    "Booking",
    "BookingLoss",
    "BookingStatus",
    "CachedDecisionRow",
    "CachedExport",
    "CalendarFeed",
    "ClosedPeriod",
    "Country",
    "CutoffDisclosure",
    "EndedSession",
    "Facility",
    "FeedKind",
    "IdempotencyRecord",
    "Instrument",
    "JobPurpose",
    "JobStatus",
    "Outage",
    "Precedence",
    "Proposal",
    "ProposalShare",
    "Request",
    "RequestInstrument",
    "ResearchGroup",
    "Review",
    "Round",
    "RoundState",
    "ShiftUsage",
    "SolveJob",
    "SolveProgress",
    "StandingAgreement",
    "WhatIf",
    "WhatIfCase",
    "outage_instruments",
    "round_facilities",
    "utc_now",
]
