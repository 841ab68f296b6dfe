"""The closed periods page: each instrument of a round's facilities with the periods that
close some of the round's shifts, the form to add one (`FacilityService`, which also
records the shifts that published bookings lose to it), and, on the instruments of the
visitor's facilities, a link to remove each period."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.errors import FieldProblem, NotFoundError
from api.ui.forms import TypedForm
from api.ui.views.bookings import runner_round
from api.ui.views.instruments import ClosedPeriodRow, InstrumentRow, round_instruments
from api.ui.views.rounds import RoundHeader
from models.orm import Round

PERIOD_FIELDS = ("instrument", "starts_at", "ends_at", "reason")


@dataclass
class ClosedPeriodForm(TypedForm):
    """The form to add a closed period: values as typed, problems beside them."""

    instrument: str = ""
    starts_at: str = ""
    ends_at: str = ""
    reason: str = ""

    def place(self, problems: list[FieldProblem]) -> None:
        """Show the API's problems (`ends_at`, ...) next to the fields they concern."""
        for problem in problems:
            name = problem.path.removeprefix("body.").split(".")[0]
            if name not in PERIOD_FIELDS:  # a rule of the whole period names its field first
                named = [f for f in PERIOD_FIELDS if f in problem.message]
                name = min(named, key=problem.message.index) if named else "form"
            self.add_problem(name, problem.message)


@dataclass(frozen=True)
class ClosedPeriodsPage:
    """What the closed periods page shows."""

    header: RoundHeader
    instruments: list[InstrumentRow]
    form: ClosedPeriodForm
    own_facilities: frozenset[str]
    """The facilities whose instruments the visitor may close and reopen."""


def closed_periods_page(
    session: Session, principal: Principal, code: str, form: ClosedPeriodForm
) -> ClosedPeriodsPage:
    """The closed periods of round `code`'s instruments, with the form as typed.

    Raises:
        NotFoundError, ForbiddenError.
    """
    round_, header = runner_round(session, principal, code)
    instruments = round_instruments(session, round_)
    own = frozenset(row.facility for row in instruments if principal.coordinates(row.facility))
    return ClosedPeriodsPage(header, instruments, form, own)


def closed_period_of(
    session: Session, round_: Round, period_id: str
) -> tuple[InstrumentRow, ClosedPeriodRow]:
    """Closed period `period_id` of one of the round's instruments (one that closes some
    of the round's shifts: the page lists no other), with its instrument.

    Raises:
        NotFoundError: no such period on the round's instruments.
    """
    for instrument in round_instruments(session, round_):
        for period in instrument.closed:
            if str(period.id) == period_id:
                return instrument, period
    raise NotFoundError(f"no closed period {period_id} on the instruments of round {round_.code}")
