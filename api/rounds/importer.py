"""Importing a `beamtime-instance/1` document as a new round, in one transaction.

Countries, facilities and instruments already known are reused when they agree
with the document (same host, same facility and capacity) and reported as
problems when they do not; unknown ones are created. Closed shifts become closed
periods of the instrument (times, from the round's calendar). Each proposal
belongs to the research group the caller's mapping names for it, or else to the
caller's default group; only admins may name groups that do not exist yet. Any
problem aborts the whole import, and all of them are reported at once with their
JSON paths. Proposals and their parts are inserted in bulk (`api.rounds.bulk`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, timedelta

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal, Role
from api.claims import claim_unique, insert_missing
from api.countries.repository import CountryRepository
from api.errors import AlreadyExistsError, FieldProblem, ForbiddenError, InvalidDocumentError
from api.facilities.repository import FacilityRepository
from api.fields import id_problem
from api.groups.repository import GroupRepository
from api.rounds.bulk import insert_precedences, insert_proposals
from api.rounds.calendar import shifts_to_period
from api.rounds.repository import RoundRepository
from api.rounds.states import RoundAction, states_allowing
from models.exchange import ContributionSharePolicy, DocumentError, Instance, parse_instance
from models.exchange.problems import format_path
from models.orm import (
    Agreement,
    ClosedPeriod,
    Country,
    Facility,
    Instrument,
    ResearchGroup,
    Round,
    RoundState,
)

IMPORT_STATES = states_allowing(RoundAction.IMPORT)


def parse_document(raw: bytes | str, *, prefix: str = "") -> Instance:
    """The validated instance in `raw`.

    Args:
        prefix: the JSON path of the document inside the body (`instance.`), for problems.

    Raises:
        InvalidDocumentError: every problem of the document, each with its JSON path.
    """
    try:
        return parse_instance(raw)
    except DocumentError as error:
        problems = [
            FieldProblem(
                f"{prefix}{problem.path}" if problem.path else "(document)", problem.message
            )
            for problem in error.problems
        ]
        raise InvalidDocumentError(
            f"the instance has {len(problems)} problem(s)", errors=problems
        ) from None


def _unsupported_additions(instance: Instance) -> list[FieldProblem]:
    """The format's additions the service does not store yet (`replan`, `history`): an
    instance using them is refused, never imported without them."""
    problems = [
        FieldProblem(
            format_path(("policies", i, "history")),
            "the service does not store earlier rounds yet; import the round without "
            "`history` or solve it with the command line",
        )
        for i, policy in enumerate(instance.policies)
        if isinstance(policy, ContributionSharePolicy) and policy.history is not None
    ]
    if instance.replan is not None:
        problems.append(
            FieldProblem(
                "replan",
                "the service does not import re-plans yet; re-plan with `beamtime replan` "
                "and `beamtime solve`",
            )
        )
    return problems


def parse_import_body(raw: bytes) -> tuple[Instance, dict[str, str]]:
    """The instance of an import body, and its mapping of proposals to research groups.

    The body is either an instance document, or `{"instance": <document>, "groups":
    {"<proposal id>": "<group code>", ...}}`.

    Raises:
        InvalidDocumentError: problems of the document or of the mapping, with JSON paths.
    """
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        body = None  # the format's parser reports where the JSON breaks (or nests too deep)
    if not isinstance(body, dict) or "instance" not in body or "format" in body:
        return parse_document(raw), {}
    extra = sorted(set(body) - {"instance", "groups"})
    problems = [FieldProblem(key, "unknown field of an import body") for key in extra]
    groups = parse_group_mapping(body.get("groups", {}), problems)
    if problems:
        raise InvalidDocumentError("the import body has problems", errors=problems)
    return parse_document(json.dumps(body["instance"]), prefix="instance."), groups


def parse_group_mapping(mapping: object, problems: list[FieldProblem]) -> dict[str, str]:
    """Research group codes by proposal id, from a JSON object; problems are appended."""
    if not isinstance(mapping, dict):
        problems.append(
            FieldProblem("groups", "must be an object of proposal ids to research group codes")
        )
        return {}
    groups: dict[str, str] = {}
    for proposal_id, group_code in mapping.items():
        if not isinstance(group_code, str) or not group_code.strip():
            problems.append(
                FieldProblem(format_path(("groups", proposal_id)), "must be a group code")
            )
            continue
        groups[proposal_id] = group_code
    return groups


def _id_problems(instance: Instance) -> list[FieldProblem]:
    """The service's rule for ids (`api.fields.id_problem`), stricter than the format's:
    no control or bidirectional characters, and none of `/ ? # % \\` in ids used in URLs."""
    named: list[tuple[tuple[str | int, ...], str]] = [(("round", "id"), instance.round.id)]
    named += [(("countries", i, "code"), c.code) for i, c in enumerate(instance.countries)]
    named += [(("facilities", i, "id"), f.id) for i, f in enumerate(instance.facilities)]
    named += [(("instruments", i, "id"), x.id) for i, x in enumerate(instance.instruments)]
    named += [(("proposals", i, "id"), p.id) for i, p in enumerate(instance.proposals)]
    named += [(("policies", i, "id"), p.id) for i, p in enumerate(instance.policies)]
    problems = [
        FieldProblem(format_path(loc), problem)
        for loc, value in named
        if (problem := id_problem(value)) is not None
    ]
    problems += [
        FieldProblem(format_path(("proposals", i, "requests", j, "id")), problem)
        for i, proposal in enumerate(instance.proposals)
        for j, request in enumerate(proposal.requests)
        if (problem := id_problem(request.id, in_urls=False)) is not None
    ]
    return problems


def _calendar_problems(instance: Instance) -> list[FieldProblem]:
    """The round must end at a representable time (before the year 10000)."""
    round_ = instance.round
    try:
        round_.start.astimezone(UTC)
    except OverflowError:
        return [FieldProblem("round.start", "must lie between 0001-01-01 and 9999-12-31 in UTC")]
    try:
        (round_.start + timedelta(hours=round_.shift_hours * round_.n_shifts)).astimezone(UTC)
    except OverflowError:
        return [FieldProblem("round.n_shifts", "the round would end after the year 9999")]
    return []


class InstanceImporter:
    """Creates a round and everything it needs from a validated instance."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.problems: list[FieldProblem] = []

    def _problem(self, loc: tuple[str | int, ...], message: str) -> None:
        self.problems.append(FieldProblem(format_path(loc), message))

    def run(
        self,
        instance: Instance,
        group_code: str,
        state: RoundState,
        groups: Mapping[str, str] | None = None,
    ) -> Round:
        """Create the round.

        Args:
            group_code: the research group of proposals the mapping does not name.
            groups: research group codes by proposal id (see `parse_group_mapping`).

        Raises:
            ForbiddenError: a coordinator importing facilities outside its scope.
            AlreadyExistsError: the round id is taken.
            InvalidDocumentError: conflicts with what the service already holds.
        """
        outside = sorted(f.id for f in instance.facilities if not self.principal.coordinates(f.id))
        if outside:
            raise ForbiddenError(f"you do not coordinate {', '.join(outside)}")
        rounds = RoundRepository(self.session)
        if rounds.by_code(instance.round.id) is not None:
            raise AlreadyExistsError(f"round {instance.round.id} exists")
        self.problems.extend(_id_problems(instance))
        self.problems.extend(_unsupported_additions(instance))
        self.problems.extend(_calendar_problems(instance))
        countries = self._countries(instance)
        facilities = self._facilities(instance, countries)
        instruments = self._instruments(instance, facilities)
        group_ids = self._groups(instance, group_code, groups or {})
        if self.problems:
            raise InvalidDocumentError(
                "the instance conflicts with the service's data", errors=self.problems
            )
        with claim_unique(self.session, f"round {instance.round.id} exists"):
            round_ = rounds.add(
                Round(
                    code=instance.round.id,
                    name=instance.round.name,
                    start=instance.round.start,
                    shift_hours=instance.round.shift_hours,
                    n_shifts=instance.round.n_shifts,
                    state=state.value,
                    facilities=[facilities[f.id] for f in instance.facilities],
                )
            )
        self._closed_periods(instance, round_, instruments)
        self.session.flush()
        request_ids = insert_proposals(
            self.session,
            round_id=round_.id,
            proposals=instance.proposals,
            group_ids=group_ids,
            country_ids={code: country.id for code, country in countries.items()},
            instrument_ids={code: row.id for code, row in instruments.items()},
            submitted_by=self.principal.name,
        )
        insert_precedences(
            self.session,
            [
                {
                    "round_id": round_.id,
                    "before_id": request_ids[precedence.before],
                    "after_id": request_ids[precedence.after],
                    "min_gap": precedence.min_gap,
                }
                for precedence in instance.precedences
            ],
        )
        for policy in instance.policies:
            document = policy.model_dump(mode="json")
            kind, code = document.pop("type"), document.pop("id")
            mode, weight = document.pop("mode"), document.pop("weight")
            self.session.add(
                Agreement(
                    round_id=round_.id,
                    code=code,
                    kind=kind,
                    mode=mode,
                    weight=weight,
                    terms=document,
                )
            )
        self.session.flush()
        record(
            self.session,
            self.principal,
            "round.import",
            "round",
            round_.code,
            round_code=round_.code,
            detail={
                "proposals": len(instance.proposals),
                "group": group_code,
                "groups": len(set(group_ids.values())),
                "state": state.value,
            },
        )
        return round_

    # Missing countries, facilities and instruments are inserted with ON CONFLICT DO NOTHING
    # and read back, so that two imports introducing the same one both use a single row.

    def _countries(self, instance: Instance) -> dict[str, Country]:
        repository = CountryRepository(self.session)
        known = repository.by_codes(c.code for c in instance.countries)
        missing = [
            {"code": c.code, "name": c.name} for c in instance.countries if c.code not in known
        ]
        if missing:
            insert_missing(self.session, Country, missing, ["code"])
            known = repository.by_codes(c.code for c in instance.countries)
        return known

    def _facilities(self, instance: Instance, countries: dict[str, Country]) -> dict[str, Facility]:
        repository = FacilityRepository(self.session)
        known = repository.facilities_by_codes(f.id for f in instance.facilities)
        missing = [
            {
                "code": f.id,
                "name": f.name,
                "host_country_id": countries[f.host_country].id,
            }
            for f in instance.facilities
            if f.id not in known
        ]
        if missing:
            insert_missing(self.session, Facility, missing, ["code"])
            known = repository.facilities_by_codes(f.id for f in instance.facilities)
        for i, facility in enumerate(instance.facilities):
            existing = known[facility.id]
            if existing.host_country.code != facility.host_country:
                self._problem(
                    ("facilities", i, "host_country"),
                    f"{facility.id} exists with host country {existing.host_country.code}",
                )
        return known

    def _instruments(
        self, instance: Instance, facilities: dict[str, Facility]
    ) -> dict[str, Instrument]:
        repository = FacilityRepository(self.session)
        known = repository.instruments_by_codes(x.id for x in instance.instruments)
        missing = [
            {
                "code": x.id,
                "name": x.name,
                "capacity": x.capacity,
                "facility_id": facilities[x.facility].id,
            }
            for x in instance.instruments
            if x.id not in known
        ]
        if missing:
            insert_missing(self.session, Instrument, missing, ["code"])
            known = repository.instruments_by_codes(x.id for x in instance.instruments)
        for i, instrument in enumerate(instance.instruments):
            existing = known[instrument.id]
            if existing.facility.code != instrument.facility:
                self._problem(
                    ("instruments", i, "facility"),
                    f"{instrument.id} exists at facility {existing.facility.code}",
                )
            if existing.capacity != instrument.capacity:
                self._problem(
                    ("instruments", i, "capacity"),
                    f"{instrument.id} exists with capacity {existing.capacity}",
                )
        return known

    def _closed_periods(
        self, instance: Instance, round_: Round, instruments: dict[str, Instrument]
    ) -> None:
        for instrument in instance.instruments:
            row = instruments[instrument.id]
            have = {(p.starts_at, p.ends_at) for p in row.closed_periods}
            for start, end in instrument.closed:
                period = shifts_to_period(round_, start, end)
                if period not in have:
                    self.session.add(
                        ClosedPeriod(
                            instrument_id=row.id,
                            starts_at=period[0],
                            ends_at=period[1],
                            reason=f"imported with round {round_.code}",
                        )
                    )
                    have.add(period)

    def _groups(
        self, instance: Instance, default_code: str, groups: Mapping[str, str]
    ) -> dict[str, int]:
        """The research group id of every proposal; missing groups are created (admins)."""
        proposal_ids = {proposal.id for proposal in instance.proposals}
        for proposal_id in sorted(set(groups) - proposal_ids):
            self._problem(("groups", proposal_id), "names no proposal of the instance")
        wanted = {
            proposal.id: groups.get(proposal.id, default_code) for proposal in instance.proposals
        }
        repository = GroupRepository(self.session)
        known = repository.by_codes(set(wanted.values()))
        for code in sorted(set(wanted.values()) - set(known)):
            if self.principal.role is not Role.ADMIN:
                where = next((p for p, g in wanted.items() if g == code and p in groups), None)
                loc: tuple[str | int, ...] = ("groups", where) if where else ("query", "group")
                self._problem(loc, f"no research group {code}; groups are created by admins")
                continue
            known[code] = repository.add(ResearchGroup(code=code, name=code))
        return {p: known[g].id for p, g in wanted.items() if g in known}
