"""The routers of operations across time: standing agreements, their ledger, outages,
re-plans."""

from __future__ import annotations

from fastapi import APIRouter


def operations_routers() -> list[APIRouter]:
    """Routers to include in the app, after the round's own."""
    from api.agreements.round_router import router as round_agreements
    from api.agreements.standing_router import router as standing_agreements
    from api.feeds.router import router as feeds
    from api.outages.router import router as outages
    from api.replans.router import router as replans

    return [standing_agreements, round_agreements, outages, replans, feeds]
