"""Real names first, synthetic stations beyond the catalogue, every id unique."""

from __future__ import annotations

from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.generator.catalogue import FACILITY_BY_ID, INSTRUMENTS, select_instruments


def test_the_first_instruments_are_real_stations_led_by_nica_and_ibr2() -> None:
    chosen = [entry.id for entry in select_instruments(4)]
    assert chosen == ["NICA-SOCHI", "IBR2-DN6", "INP-DC60", "SKIF-1-4"]


def test_instruments_beyond_the_catalogue_are_synthetic_with_unique_ids() -> None:
    chosen = select_instruments(len(INSTRUMENTS) + 100)
    ids = [entry.id for entry in chosen]
    assert len(set(ids)) == len(ids)
    assert all("-S" in entry.id for entry in chosen[len(INSTRUMENTS) :])
    assert all(entry.facility in FACILITY_BY_ID for entry in chosen)


def test_facilities_stand_in_several_countries() -> None:
    instance = generate_instance(GeneratorConfig(instruments=16))
    hosts = {facility.host_country for facility in instance.facilities}
    assert {"RU", "KZ", "BY", "CN"} <= hosts


def test_capacity_is_mostly_one_and_sometimes_two() -> None:
    instance = generate_instance(GeneratorConfig(seed=1, instruments=100))
    capacities = [instrument.capacity for instrument in instance.instruments]
    assert set(capacities) == {1, 2}
    assert capacities.count(1) > 3 * capacities.count(2)
