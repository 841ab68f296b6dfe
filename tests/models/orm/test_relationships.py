"""Every relationship refuses lazy loading: repositories say what they load."""

from __future__ import annotations

from sqlalchemy.orm import configure_mappers

from models.orm import Base


def test_every_relationship_refuses_lazy_loading() -> None:
    configure_mappers()
    lazy = {
        f"{mapper.class_.__name__}.{relationship.key}": relationship.lazy
        for mapper in Base.registry.mappers
        for relationship in mapper.relationships
        if relationship.lazy != "raise"
    }
    assert lazy == {}


def test_editable_tables_carry_a_version_for_optimistic_concurrency() -> None:
    versioned = {
        mapper.class_.__name__
        for mapper in Base.registry.mappers
        if mapper.version_id_col is not None
    }
    assert {
        "Country",
        "Facility",
        "Instrument",
        "Round",
        "Agreement",
        "Proposal",
        "Review",
        "Booking",
    } <= versioned
