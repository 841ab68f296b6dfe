"""Limit/offset pagination, shared by every list endpoint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

ItemT = TypeVar("ItemT")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class PageParams(BaseModel):
    """Which slice of a list to return."""

    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=10_000_000)


def _page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1 to 500).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[
        int, Query(ge=0, le=10_000_000, description="Items to skip from the start.")
    ] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(_page_params)]
"""The `limit` and `offset` query parameters of a list endpoint."""


class Page(BaseModel, Generic[ItemT]):
    """One page of a list: its items, the total count and how to get the next page."""

    items: list[ItemT]
    total: int = Field(ge=0, description="Items in the whole list.")
    limit: int
    offset: int
    next_offset: int | None = Field(
        default=None, description="Offset of the next page, or null on the last one."
    )

    @classmethod
    def of(cls, items: Sequence[ItemT], total: int, params: PageParams) -> Page[ItemT]:
        """A page holding `items`, the slice `params` asked for out of `total`."""
        following = params.offset + len(items)
        return cls(
            items=list(items),
            total=total,
            limit=params.limit,
            offset=params.offset,
            next_offset=following if following < total else None,
        )


def slice_of(items: Sequence[ItemT], params: PageParams) -> tuple[list[ItemT], int]:
    """The page of an in-memory list (for lists computed rather than queried) and its size."""
    return list(items[params.offset : params.offset + params.limit]), len(items)
