"""The solver-free checker: is a `beamtime-solution/1` valid for its instance, and is it honest?

`check_solution(instance, solution) -> CheckReport` verifies, with exact
arithmetic, every rule of the spec's "What a valid award is" and everything the
solution reports. Breach codes (`Breach.rule`), by module:

- `status`: `round` (solution for another round), `status` (infeasible/unknown
  with assignments, infeasible without a conflict), `conflict` (a conflict name
  that is no hard rule of the instance);
- `references`: `unknown-request`, `unknown-instrument`,
  `instrument-not-alternative`, `duplicate-assignment`;
- `awards` (rules 1-3): `block-length`, `horizon`, `window`, `total-shifts`,
  `closed`, `unavailable`, `overlap`;
- `capacity` (rule 4), `coupling` (rule 5: `coupled`), `precedence` (rule 6);
- `policies` (rule 6): `hard-policy`; `unknown-policy` and
  `policy-violation-reported` for the reported violations;
- `objective`: `objective-reported`, `bound`;
- `decisions`: `decision` (one per proposal, outcome matching the awards),
  `missing-reason` (a request that got less than it asked and no reason);
- `reasons`: `reason` (a reason naming the wrong request, or a false claim);
- `replan` (the format's addition): `before-now`, `started-instrument`, `changed`;
  delivered time, the short block at `now`, the coupling and precedence waivers and the
  change penalty are part of `awards`, `coupling`, `precedence` and `objective`.
  Reasons of a re-plan are claims about the remaining round (room from `now` on, see
  `scheduler.replan.remaining`).

Objective, policies, decisions and reasons describe an allocation and are checked
for `optimal` and `feasible` solutions; `infeasible` and `unknown` ones must
carry no assignments.
"""

from scheduler.checking.breaches import Breach, Rule
from scheduler.checking.checker import check_solution
from scheduler.checking.report import CheckReport

__all__ = ["Breach", "CheckReport", "Rule", "check_solution"]
