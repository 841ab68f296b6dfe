"""Migration 0006: per-round agreements become standing agreements without loss."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from api.db import create_database_engine
from api.migrate import upgrade

AT = datetime(2026, 1, 1)

OLD_AGREEMENTS = [
    # round id, code, kind, mode, weight, terms
    (1, "RU-KZ", "reciprocity", "soft", 2.0, {"countries": ["RU", "KZ"], "tolerance": 20}),
    (
        2,
        "RU-KZ",
        "reciprocity",
        "hard",
        2.0,
        {"countries": ["RU", "KZ"], "tolerance": 35, "credit": {"KZ": 12}},
    ),
    (1, "M", "contribution_share", "hard", 1.0, {"facilities": ["F"], "shares": {"RU": 1.0}}),
]


def _round(connection: Connection, round_id: int, start: datetime) -> None:
    connection.execute(
        text(
            "INSERT INTO rounds (id, code, name, start, shift_hours, n_shifts, state,"
            " version, created_at, updated_at)"
            " VALUES (:id, :code, '', :start, 8, 30, 'review', 1, :at, :at)"
        ),
        {"id": round_id, "code": f"R{round_id}", "start": start, "at": AT},
    )


def _effective(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = base | changes
    return {key: value for key, value in merged.items() if value is not None}


def test_every_rounds_agreement_survives_as_a_standing_one_and_its_adjustment(
    tmp_path: Path,
) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}", pool=False)
    upgrade(engine, "0004")
    with engine.begin() as connection:
        _round(connection, 1, datetime(2026, 3, 1, 8))
        _round(connection, 2, datetime(2026, 9, 1, 8))
        for round_id, code, kind, mode, weight, terms in OLD_AGREEMENTS:
            connection.execute(
                text(
                    "INSERT INTO agreements (round_id, code, kind, mode, weight, terms, version,"
                    " created_at, updated_at)"
                    " VALUES (:round_id, :code, :kind, :mode, :weight, :terms, 1, :at, :at)"
                ),
                {
                    "round_id": round_id,
                    "code": code,
                    "kind": kind,
                    "mode": mode,
                    "weight": weight,
                    "terms": json.dumps(terms),
                    "at": AT,
                },
            )
    upgrade(engine)
    with engine.connect() as connection:
        standing = {
            row.code: row for row in connection.execute(text("SELECT * FROM standing_agreements"))
        }
        adjustments = connection.execute(
            text(
                "SELECT a.round_id, s.code, a.changes FROM agreement_adjustments a"
                " JOIN standing_agreements s ON s.id = a.agreement_id"
            )
        ).all()
        left = connection.execute(text("SELECT count(*) FROM agreements")).scalar_one()
    engine.dispose()
    assert sorted(standing) == ["M", "RU-KZ"]
    reciprocity = standing["RU-KZ"]
    assert str(reciprocity.in_force_from).startswith("2026-03-01 08:00")
    assert str(reciprocity.in_force_until).startswith("2026-09-11 08:00")  # R2's 30 shifts
    assert left == 0
    for round_id, code, changes in adjustments:
        row = standing[code]
        base = {"mode": row.mode, "weight": row.weight, **json.loads(row.terms)}
        own = next(a for a in OLD_AGREEMENTS if a[0] == round_id and a[1] == code)
        expected = {"mode": own[3], "weight": own[4], **own[5]}
        assert _effective(base, json.loads(changes)) == expected
    assert sorted((r, c) for r, c, _ in adjustments) == [(1, "M"), (1, "RU-KZ"), (2, "RU-KZ")]
