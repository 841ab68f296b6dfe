"""Mounting the pages on the application: routes, static files, error pages, keys."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from api.settings import Settings
from api.ui.errors import install_error_pages
from api.ui.secret import ui_keys

STATIC = Path(__file__).parent / "static"


def install_ui(app: FastAPI, settings: Settings) -> None:
    """Serve the pages under `/ui/` (not part of the OpenAPI document)."""
    from api.ui.router import router

    app.state.ui_keys = ui_keys(settings)
    app.include_router(router, include_in_schema=False)
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui-static")
    install_error_pages(app)
