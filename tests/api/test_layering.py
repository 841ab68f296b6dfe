"""The direction of dependencies, and where SQL may live.

`api -> scheduler -> models` and `api -> models`, never the other way; routers and
services hold no SQL (repositories do).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("models", {"api", "cli", "scheduler"}), ("scheduler", {"api", "cli"}), ("api", {"cli"})],
)
def test_packages_import_only_downwards(package: str, forbidden: set[str]) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_top_level(_imports(path)) & forbidden)
        for path in (ROOT / package).rglob("*.py")
        if _top_level(_imports(path)) & forbidden
    }
    assert offenders == {}


def test_routers_and_services_hold_no_sql() -> None:
    offenders = []
    for path in (ROOT / "api").rglob("*.py"):
        if path.name not in {"router.py", "service.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy":
                used = {alias.name for alias in node.names}
                if used & {"select", "update", "insert", "delete", "text", "func"}:
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_command_line_does_not_load_the_service_to_start() -> None:
    """`beamtime validate` stays quick: importing the CLI pulls in no web or database stack."""
    import subprocess
    import sys

    code = (
        "import sys, cli.main; heavy = [m for m in ('fastapi', 'sqlalchemy', 'uvicorn', "
        "'dramatiq') if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == ""
