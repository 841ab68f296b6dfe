"""Reading every page of a service's list (pages show whole lists, the API pages them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
PAGE_SIZE = 500


def every(fetch: Callable[[int, int], tuple[Sequence[T], int]]) -> list[T]:
    """All items of a paged list: `fetch(limit, offset)` returns a page and the total."""
    items: list[T] = []
    while True:
        page, total = fetch(PAGE_SIZE, len(items))
        items.extend(page)
        if not page or len(items) >= total:
            return items
