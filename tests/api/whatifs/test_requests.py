"""Starting what-if studies: one job per case, variants checked with their paths, and
only the round's coordinators."""

from __future__ import annotations

from api.auth.principal import Role
from tests.api.backends import RecordingBackend
from tests.api.helpers import Api, problem
from tests.api.whatifs.helpers import ROUND, THREE_VARIANTS, imported_round, variant


def test_a_whatif_queues_one_job_per_variant_and_per_priced_policy(
    api: Api, jobs: RecordingBackend
) -> None:
    coordinator = imported_round(api)
    response = coordinator.post(
        f"/rounds/{ROUND}/whatifs",
        json={"variants": THREE_VARIANTS, "price": True, "time_limit": 5},
    )
    assert response.status_code == 202, response.text
    study = response.json()
    assert response.headers["Location"] == f"/whatifs/{study['id']}"
    assert [case["key"] for case in study["cases"]] == [
        "base",
        "variant:tight",
        "variant:dropped",
        "variant:owed",
        "without:RU-KZ",
    ]
    assert jobs.submitted == [case["job"] for case in study["cases"]]
    assert {case["status"] for case in study["cases"]} == {"queued"}
    assert study["finished"] is False
    assert coordinator.ok("GET", f"/whatifs/{study['id']}")["report"] is None


def test_whatif_jobs_are_no_solves_of_the_round(api: Api) -> None:
    coordinator = imported_round(api)
    coordinator.ok("POST", f"/rounds/{ROUND}/whatifs", 202, json={"variants": THREE_VARIANTS})
    assert coordinator.ok("GET", f"/rounds/{ROUND}/solves")["total"] == 0
    listed = coordinator.ok("GET", f"/rounds/{ROUND}/whatifs")
    assert listed["total"] == 1
    assert listed["items"][0]["report"] is None


def test_a_variant_with_an_error_is_refused_with_its_path(api: Api) -> None:
    coordinator = imported_round(api)
    bad = variant("bad", {"policy": "RU-KZ", "tolerance": -1})
    body = problem(
        coordinator.post(f"/rounds/{ROUND}/whatifs", json={"variants": [THREE_VARIANTS[0], bad]}),
        422,
    )
    assert [e["path"] for e in body["errors"]] == ["body.variants[1].edits[0].tolerance"]


def test_a_variant_that_does_not_fit_the_round_is_refused_with_its_path(api: Api) -> None:
    coordinator = imported_round(api)
    wrong = variant("wrong", {"policy": "RU-KZ", "min_ratio": 0.5})
    unknown = variant("unknown", {"policy": "RU-CN", "drop": True})
    body = problem(
        coordinator.post(f"/rounds/{ROUND}/whatifs", json={"variants": [wrong, unknown]}), 422
    )
    assert [e["path"] for e in body["errors"]] == [
        "body.variants[0].edits[0].min_ratio",
        "body.variants[1].edits[0].policy",
    ]


def test_two_variants_with_one_id_are_refused(api: Api) -> None:
    coordinator = imported_round(api)
    twice = [THREE_VARIANTS[0], THREE_VARIANTS[0]]
    body = problem(coordinator.post(f"/rounds/{ROUND}/whatifs", json={"variants": twice}), 422)
    assert [e["path"] for e in body["errors"]] == ["body.variants[1].id"]


def test_only_the_rounds_coordinators_start_and_read_whatifs(
    api: Api, jobs: RecordingBackend
) -> None:
    coordinator = imported_round(api)
    study = coordinator.ok("POST", f"/rounds/{ROUND}/whatifs", 202, json={"variants": []})
    proposer = api.caller(Role.PROPOSER, group="G-1")
    other = api.caller(Role.COORDINATOR, facilities=("ELSEWHERE",))
    path = f"/rounds/{ROUND}/whatifs"
    problem(proposer.post(path, json={"variants": []}), 403)
    problem(other.post(path, json={"variants": []}), 404)
    problem(proposer.get(f"/whatifs/{study['id']}"), 404)
    problem(other.get(f"/whatifs/{study['id']}"), 404)
    assert len(jobs.submitted) == 1


def test_a_time_limit_above_the_maximum_is_refused(api: Api) -> None:
    coordinator = imported_round(api)
    body = problem(coordinator.post(f"/rounds/{ROUND}/whatifs", json={"time_limit": 86_000}), 422)
    assert [e["path"] for e in body["errors"]] == ["body.time_limit"]
