"""`/groups`."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CurrentPrincipal, SessionDep
from api.groups.schemas import GroupCreate, GroupRead
from api.groups.service import GroupService
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, prefix="/groups", tags=["groups"])


@router.get(
    "",
    response_model=Page[GroupRead],
    summary="List research groups",
    responses=problem_responses(403),
)
def list_groups(session: SessionDep, principal: CurrentPrincipal, page: PageDep) -> Page[GroupRead]:
    """Research groups (a proposer sees only its own)."""
    rows, total = GroupService(session, principal).list_visible(page.limit, page.offset)
    return Page.of([GroupRead.model_validate(row) for row in rows], total, page)


@router.post(
    "",
    response_model=GroupRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a research group",
    responses=problem_responses(403, 409),
)
def create_group(body: GroupCreate, session: SessionDep, principal: CurrentPrincipal) -> GroupRead:
    """Add a research group (admins; proposer tokens also create theirs)."""
    return GroupRead.model_validate(GroupService(session, principal).create(body))


@router.get(
    "/{code}",
    response_model=GroupRead,
    summary="Read a research group",
    responses=problem_responses(403, 404),
)
def read_group(code: str, session: SessionDep, principal: CurrentPrincipal) -> GroupRead:
    """One research group."""
    return GroupRead.model_validate(GroupService(session, principal).get(code))
