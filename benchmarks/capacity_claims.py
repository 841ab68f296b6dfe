"""Claiming shift counters in bulk, as publishing does, with rounds that share instruments.

    .venv/bin/python -m benchmarks.capacity_claims [--database-url URL]

Sets up a fresh database (a SQLite file in a temporary folder, or a schema of its own on
the PostgreSQL of `--database-url`, dropped afterwards) with 100 instruments of capacity 2
and two rounds of 1,000 shifts of 8 hours, the second starting halfway through the first,
then times `claim_shift_counts` for one place on every shift of every instrument: first
for the main round alone, then for the overlapping round, whose counters half share the
main round's. Prints one line per claim.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api.bookings.capacity import claim_shift_counts
from api.db import create_database_engine
from api.migrate import upgrade
from models.orm import Country, Facility, Instrument, Round

INSTRUMENTS = 100
SHIFTS = 1_000
START = datetime(2027, 1, 1, 8, tzinfo=UTC)


def _rounds(url: str) -> tuple[list[int], list[int]]:
    """Instrument ids and the two rounds' ids, in a freshly migrated database."""
    engine = create_database_engine(url, pool=False)
    upgrade(engine)
    with Session(engine) as session, session.begin():
        facility = Facility(code="F", host_country=Country(code="RU"), instruments=[])
        instruments = [
            Instrument(code=f"F-{n}", facility=facility, capacity=2, closed_periods=[])
            for n in range(INSTRUMENTS)
        ]
        halfway = START + timedelta(hours=8 * SHIFTS // 2)
        rounds = [
            Round(code=code, start=start, n_shifts=SHIFTS, facilities=[facility])
            for code, start in (("MAIN", START), ("RAPID", halfway))
        ]
        session.add_all([*instruments, *rounds])
        session.flush()
        ids = [i.id for i in instruments], [r.id for r in rounds]
    engine.dispose()
    return ids


def _time_claims(url: str) -> list[str]:
    instruments, rounds = _rounds(url)
    engine = create_database_engine(url, pool=False)
    lines = []
    for round_id, label in zip(rounds, ("main round alone", "overlapping round"), strict=True):
        counts = Counter({(i, shift): 1 for i in instruments for shift in range(SHIFTS)})
        with Session(engine) as session, session.begin():
            began = time.perf_counter()
            claim_shift_counts(
                session,
                round_id=round_id,
                counts=counts,
                capacities=dict.fromkeys(instruments, 2),
            )
            seconds = time.perf_counter() - began
        lines.append(f"{engine.dialect.name}, {label}: {len(counts)} shifts in {seconds:.2f} s")
    engine.dispose()
    return lines


def main() -> None:
    """Run the benchmark on SQLite, or on the PostgreSQL server given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL (default: a SQLite file)")
    args = parser.parse_args()
    if args.database_url is None:
        with tempfile.TemporaryDirectory() as folder:
            lines = _time_claims(f"sqlite:///{Path(folder) / 'claims.sqlite3'}")
    else:
        schema = f"bt_claims_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.database_url)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(args.database_url).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            lines = _time_claims(url.render_as_string(hide_password=False))
        finally:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
