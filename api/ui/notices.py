"""Messages shown after an action, named in the redirect (`?notice=published`).

Only these fixed texts can appear, so a crafted link cannot put words on a page.
"""

from __future__ import annotations

NOTICES = {
    "open": "The call is open: proposers may submit.",
    "review": "The call is closed; the proposals are in review.",
    "published": "The allocation is published: its blocks are now bookings.",
    "closed": "The round is closed.",
    "accepted": "The allocation is accepted; the round is allocated.",
    "confirmed": "The booking is confirmed.",
    "declined": "The booking is declined; its shifts are free for others.",
    "cancel-requested": "Cancelling: the solver stops at its next check.",
    "signed-out": "You are signed out.",
    "submitted": "The proposal is submitted.",
    "saved": "The proposal is saved.",
    "withdrawn": "The proposal is withdrawn.",
    "scored": "Your score is saved.",
    "booked": "The booking is made.",
    "booking-cancelled": "The booking is cancelled; its shifts are free for others.",
    "closed-period-added": "The closed period is added.",
    "closed-period-removed": "The closed period is removed; the shifts it closed are open "
    "again, unless another period closes them.",
    "replan-accepted": "The re-plan is applied to the bookings: moved bookings kept their ids, "
    "confirmed ones that moved ask for confirmation again, and calendars follow.",
    "outage-recorded": "The outage is recorded: the bookings it hits are marked with their "
    "lost shifts.",
}


def notice(key: str | None) -> str:
    """The message named `key`, or nothing."""
    return NOTICES.get(key or "", "")
