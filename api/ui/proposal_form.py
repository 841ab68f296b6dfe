"""The proposal form: its fields as typed, the API's request body they make, and each
problem placed next to the field it concerns.

A round's coordinators (and admins) also choose the group a new proposal is for.
Requests are fieldsets `r0-`, `r1-`, ... (instruments, shifts, min_shifts, min_block,
release, deadline, unavailable); a fieldset left empty is no request. Times are UTC
(`api.ui.form_times` reads them, `api.rounds.calendar` makes them shifts of the round);
countries are typed as `KZ 60, RU 40` (per cent of the time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from api.errors import FieldProblem
from api.proposals.schemas import ProposalRead
from api.ui.form_times import (
    TimeInputError,
    deadline_shift,
    input_value,
    period_shifts,
    start_shift,
)
from api.ui.forms import TypedForm
from models.orm import Round

REQUEST_FIELDS = (
    "instruments",
    "shifts",
    "min_shifts",
    "min_block",
    "release",
    "deadline",
    "unavailable",
)
MAX_REQUESTS = 100
MAX_FIELDS = 8 + len(REQUEST_FIELDS) * (MAX_REQUESTS + 1)
"""The most fields a proposal form posts (title, countries, coupled, version, CSRF, ...)."""

_SHARE = re.compile(r"^([^\s:=]+)\s*[:=]?\s*([0-9]+(?:[.,][0-9]+)?)\s*%?$")
_INTERVAL_SEPARATOR = re.compile(r"\s+(?:to|until|-|–|—)\s+|\s*/\s*")
_API_PATH = re.compile(r"^(?:body\.)?requests[.\[](\d+)\]?(?:\.([a-z_]+))?")


@dataclass
class RequestFields:
    """One request's fields, as typed."""

    instruments: str = ""
    shifts: str = ""
    min_shifts: str = ""
    min_block: str = ""
    release: str = ""
    deadline: str = ""
    unavailable: str = ""

    def is_blank(self) -> bool:
        """Whether nothing was typed into this request."""
        return not any(getattr(self, name).strip() for name in REQUEST_FIELDS)


@dataclass
class ProposalForm(TypedForm):
    """The proposal form's values as typed, and the problems to show beside them."""

    title: str = ""
    countries: str = ""
    coupled: bool = True
    group: str = ""
    """The group submitted for (a coordinator's choice; proposers submit for their own)."""
    requests: list[RequestFields] = field(default_factory=lambda: [RequestFields()])
    version: str = ""
    submission: str = ""

    def with_blank_request(self) -> ProposalForm:
        """The form with one more empty request fieldset (for "add a request")."""
        if len(self.requests) < MAX_REQUESTS:
            self.requests.append(RequestFields())
        return self


def posted_form(fields: dict[str, str]) -> ProposalForm:
    """The proposal form as posted."""
    requests = []
    for index in range(MAX_REQUESTS + 1):
        prefix = f"r{index}-"
        if not any(key.startswith(prefix) for key in fields):
            break
        requests.append(
            RequestFields(**{name: fields.get(prefix + name, "") for name in REQUEST_FIELDS})
        )
    return ProposalForm(
        title=fields.get("title", ""),
        countries=fields.get("countries", ""),
        group=fields.get("group", "").strip(),
        coupled=fields.get("coupled") == "on",
        requests=requests or [RequestFields()],
        version=fields.get("version", ""),
        submission=fields.get("submission", ""),
    )


def filled_form(round_: Round, proposal: ProposalRead) -> ProposalForm:
    """The form showing a stored proposal (its shifts as the times they start)."""
    return ProposalForm(
        title=proposal.title,
        countries=", ".join(
            f"{code} {_percent(share)}" for code, share in proposal.countries.items()
        ),
        coupled=proposal.coupled,
        requests=[
            RequestFields(
                instruments=", ".join(request.instruments),
                shifts=str(request.shifts),
                min_shifts=str(request.min_shifts),
                min_block=str(request.min_block),
                release=input_value(round_, request.release) if request.release else "",
                deadline=(
                    input_value(round_, request.deadline)
                    if request.deadline < round_.n_shifts
                    else ""
                ),
                unavailable="\n".join(
                    f"{input_value(round_, start)} to {input_value(round_, end)}"
                    for start, end in request.unavailable
                ),
            )
            for request in proposal.requests
        ],
        version=str(proposal.version),
    )


def _percent(share: float) -> str:
    text = f"{Decimal(repr(share)) * 100:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class ProposalBody:
    """The API's body made from the form, and which fieldset each request came from."""

    values: dict[str, object]
    fieldset_of: list[int]
    """`fieldset_of[i]` is the form's fieldset of the body's `requests[i]`."""


def proposal_body(round_: Round, form: ProposalForm) -> ProposalBody:
    """The body of `POST /rounds/{r}/proposals` (or a full `PATCH`) the form asks for;
    problems of reading it (times, countries) are added to the form."""
    requests: list[dict[str, object]] = []
    fieldset_of: list[int] = []
    for index, typed in enumerate(form.requests):
        if not typed.is_blank():
            requests.append(_request_values(round_, form, index, typed))
            fieldset_of.append(index)
    if not requests:
        form.add_problem("r0-instruments", "a proposal asks for at least one request")
    values: dict[str, object] = {
        "title": form.title.strip(),
        "countries": _shares(form),
        "coupled": form.coupled,
        "requests": requests,
    }
    if form.group:  # only the new-proposal form of a round's coordinator has the field
        values["group"] = form.group
    return ProposalBody(values, fieldset_of)


def _shares(form: ProposalForm) -> dict[str, float]:
    shares: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in re.split(r"[,;\n]", form.countries))):
        match = _SHARE.match(part)
        if match is None:
            form.add_problem("countries", f"{part!r}: write a country and its per cent, KZ 60")
            continue
        try:
            percent = Decimal(match.group(2).replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            form.add_problem("countries", f"{part!r}: not a number")
            continue
        shares[match.group(1).upper()] = float(percent / 100)
    if not shares and "countries" not in form.problems:
        form.add_problem("countries", "name at least one country and its share, KZ 100")
    return shares


def _request_values(
    round_: Round, form: ProposalForm, index: int, typed: RequestFields
) -> dict[str, object]:
    prefix = f"r{index}-"
    values: dict[str, object] = {
        "instruments": [
            code.strip() for code in re.split(r"[,;\s]+", typed.instruments) if code.strip()
        ],
        "shifts": typed.shifts.strip(),
    }
    for name in ("min_shifts", "min_block"):
        if getattr(typed, name).strip():
            values[name] = getattr(typed, name).strip()
    try:
        if typed.release.strip():
            values["release"] = start_shift(round_, typed.release)
    except TimeInputError as error:
        form.add_problem(prefix + "release", str(error))
    try:
        if typed.deadline.strip():
            values["deadline"] = deadline_shift(round_, typed.deadline)
    except TimeInputError as error:
        form.add_problem(prefix + "deadline", str(error))
    values["unavailable"] = _intervals(round_, form, prefix + "unavailable", typed.unavailable)
    return values


def _intervals(round_: Round, form: ProposalForm, name: str, text: str) -> list[list[int]]:
    intervals = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = _INTERVAL_SEPARATOR.split(line.strip())
        if len(parts) != 2:
            form.add_problem(name, f"line {number}: write FROM to UNTIL")
            continue
        try:
            start, end = period_shifts(round_, parts[0], parts[1])
        except TimeInputError as error:
            form.add_problem(name, f"line {number}: {error}")
            continue
        intervals.append([start, end])
    return intervals


def place_problems(form: ProposalForm, body: ProposalBody, problems: list[FieldProblem]) -> None:
    """Show the API's problems (`body.requests[1].min_block`, `countries.KZ`, ...) next to
    the form's fields they concern."""
    for problem in problems:
        form.add_problem(_field_name(problem.path, body), problem.message)


def _field_name(path: str, body: ProposalBody) -> str:
    bare = path.removeprefix("body.")
    match = _API_PATH.match(bare)
    if match is not None:
        position = int(match.group(1))
        fieldset = body.fieldset_of[position] if position < len(body.fieldset_of) else 0
        name = match.group(2)
        return f"r{fieldset}-{name}" if name in REQUEST_FIELDS else f"r{fieldset}"
    top = re.split(r"[.\[]", bare, maxsplit=1)[0]
    return top if top in ("title", "countries", "coupled", "group") else "form"
