"""Browser tests: Playwright for Python driving Debian's Chromium, headless, against the
application served by uvicorn on 127.0.0.1 with the published example round.

Chromium is the system's (`/usr/bin/chromium`, installed by `.ci/run` with apt-get when
missing; `BEAMTIME_TEST_CHROMIUM` names another). Without it these tests are skipped with the
reason, except under CI, where they must run. Screenshots go to `test-artifacts/`; with
`BEAMTIME_TEST_UPDATE_SCREENSHOTS=1` the README's are also written to `docs/screenshots/`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.commandline import prepare_database
from api.settings import Settings
from tests.api.ui.browser.server import serving
from tests.api.ui.work_world import RoundsAtWork, add_rounds_at_work
from tests.api.ui.world import World, build_world

ROOT = Path(__file__).resolve().parents[4]
ARTIFACTS = ROOT / "test-artifacts"
README_SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1360, "height": 900}
# Generous waits, not measurements: on a loaded shared machine (CI, `make test` beside
# other work) a page or an API call can take many seconds without anything being wrong.
PAGE_TIMEOUT_MS = 30_000
API_TIMEOUT_SECONDS = 30.0

try:
    from playwright.sync_api import Browser, Page, Playwright, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None


def chromium_path() -> str | None:
    """The Chromium to drive, if there is one."""
    named = os.environ.get("BEAMTIME_TEST_CHROMIUM") or "/usr/bin/chromium"
    return shutil.which(named) or (named if os.access(named, os.X_OK) else None)


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver."""
    if sync_playwright is None:
        _missing("the browser tests need the `playwright` package (pip install -e '.[dev]')")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    path = chromium_path()
    if path is None:
        _missing(
            "no Chromium at /usr/bin/chromium (apt-get install chromium, or BEAMTIME_TEST_CHROMIUM)"
        )
    browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass(frozen=True)
class Site:
    """The served application, its example round and its tokens."""

    base: str
    world: World

    def api(self, visitor: str, path: str) -> dict[str, object]:
        """A JSON answer of the HTTP API to `visitor`'s token."""
        response = httpx.get(
            self.base + path,
            headers={"Authorization": f"Bearer {self.world.tokens[visitor]}"},
            timeout=API_TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        body: dict[str, object] = response.json()
        return body


@contextmanager
def _served(folder: Path, *, at_work: bool) -> Iterator[tuple[Site, RoundsAtWork | None]]:
    settings = Settings(
        database_url=f"sqlite:///{folder}/beamtime.sqlite3",
        heartbeat_seconds=0.2,
        supervise_every_seconds=0.5,
        broker_url=None,
    )
    database = prepare_database(settings)
    world = build_world(database, time_limit=5.0)
    rounds = add_rounds_at_work(database, world) if at_work else None
    if rounds is not None:
        world = replace(world, tokens=rounds.tokens)
    with serving(create_app(settings, database=database)) as base:
        yield Site(base, world), rounds
    database.dispose()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, chromium: Browser) -> Iterator[Site]:
    """The application on a SQLite file with the published example round; solves run in
    real worker processes (each test module gets a fresh round)."""
    with _served(tmp_path_factory.mktemp("site"), at_work=False) as (served, _):
        yield served


@dataclass(frozen=True)
class WorkSite:
    """The served application with, beside the published round, a round open for
    proposals and one in review (`tests/api/ui/work_world.py`)."""

    site: Site
    rounds: RoundsAtWork


@pytest.fixture(scope="module")
def work_site(tmp_path_factory: pytest.TempPathFactory, chromium: Browser) -> Iterator[WorkSite]:
    """The application with rounds at work, for the pages of every role."""
    with _served(tmp_path_factory.mktemp("site"), at_work=True) as (served, rounds):
        assert rounds is not None
        yield WorkSite(served, rounds)


@pytest.fixture
def page(chromium: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser tab (its own cookies); a screenshot of how it ended is kept."""
    context = chromium.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    tab = context.new_page()
    tab.set_default_timeout(PAGE_TIMEOUT_MS)
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}-end.png"), full_page=True)
    context.close()


def screenshot(page: Page, name: str, *, readme: bool = False) -> Path:
    """Save a full-page screenshot under test-artifacts/ (and docs/screenshots/ when asked
    for with BEAMTIME_TEST_UPDATE_SCREENSHOTS=1)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if readme and os.environ.get("BEAMTIME_TEST_UPDATE_SCREENSHOTS") == "1":
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_SCREENSHOTS / f"{name}.png")
    return path


def sign_in(page: Page, site: Site, visitor: str, start: str = "/ui/rounds") -> None:
    """Open `start`, get sent to sign in, sign in with `visitor`'s token, come back."""
    page.goto(site.base + start)
    page.get_by_label("API token").fill(site.world.tokens[visitor])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site.base + start)
