"""The baseline a re-plan starts from, as a digest: accepting its candidate is only safe
while the bookings are still the ones it revised.

The digest covers every booking of the round (id, version, status, instrument, block),
the shifts they lost, and the closed periods of the round's instruments: a confirm, a
decline, a cancel, a booking by hand, an outage or a closed period after the re-plan
started all change it. A confirm changes nothing the engine saw, but it is a decision
the group took about a block the candidate may move, so the coordinator sees it first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.replans.repository import ReplanRepository
from models.orm import Booking, Round


def baseline_fingerprint(session: Session, round_: Round, bookings: Sequence[Booking]) -> str:
    """The digest of the round's `bookings` (all of them, in any status), their losses and
    the closed periods of its instruments: 64 hex digits."""
    repository = ReplanRepository(session)
    instruments = repository.instrument_ids([facility.id for facility in round_.facilities])
    facts = {
        "bookings": sorted(
            [b.id, b.version, b.status, b.instrument_id, b.start, b.length] for b in bookings
        ),
        "losses": [
            [loss.booking_id, loss.start, loss.length]
            for loss in repository.losses_of_round(round_.id)
        ],
        "closed": [
            [instrument, starts.isoformat(), ends.isoformat()]
            for instrument, starts, ends in repository.closed_periods(instruments)
        ],
    }
    encoded = json.dumps(facts, separators=(",", ":"), sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()
