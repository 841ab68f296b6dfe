"""The chart layouts: lanes, windows, labels, bands, ticks and the palette's contrast."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from api.ui.charts.balances import balance_chart, band_label, band_of, coefficient_chart
from api.ui.charts.gantt import (
    GanttItem,
    GanttRow,
    dominant_country,
    fitted_label,
    gantt_chart,
    lanes,
)
from api.ui.charts.palette import (
    COUNTRY_COLOURS,
    LABEL_COLOUR,
    MIN_CONTRAST,
    STATE_COLOURS,
    contrast_ratio,
    country_slots,
)
from api.ui.charts.progress import ProgressPoint, progress_chart
from api.ui.charts.scales import nice_ticks
from api.ui.charts.timeline import window

START = datetime(2027, 9, 6, 8, tzinfo=UTC)


def _item(request: str, start: int, length: int, instrument: str = "I-1") -> GanttItem:
    return GanttItem(
        proposal=request.split("/", maxsplit=1)[0],
        title="t",
        group="g",
        request=request,
        instrument=instrument,
        start=start,
        length=length,
        state="awarded",
        countries=(("RU", 0.4), ("KZ", 0.6)),
    )


def test_overlapping_blocks_get_lanes_of_their_own() -> None:
    items = [_item("P-1/a", 0, 5), _item("P-2/a", 3, 4), _item("P-3/a", 5, 2), _item("P-4/a", 7, 1)]
    assert lanes(items) == [0, 1, 0, 0]


def test_a_week_window_is_seven_days_of_shifts() -> None:
    assert window(63, 8, 2).first == 21
    assert window(63, 8, 2).end == 42
    assert window(63, 8, 9).week == 3  # clamped to the last week
    assert window(63, 8, None).shifts == 63
    assert window(10, 24, 2).end == 10


def test_blocks_outside_the_window_are_left_out_and_crossing_ones_cut() -> None:
    rows = [GanttRow("I-1", "one", "F", closed=((0, 3),))]
    items = [_item("P-1/a", 0, 10), _item("P-2/a", 19, 5), _item("P-3/a", 30, 3)]
    chart = gantt_chart(rows, items, start=START, shift_hours=8, window=window(63, 8, 1))
    assert [block.item.request for block in chart.blocks] == ["P-1/a", "P-2/a"]
    crossing = chart.blocks[1]
    assert crossing.x + crossing.width == pytest.approx(chart.plot_left + chart.plot_width)
    assert crossing.ends_at == datetime(2027, 9, 14, 8, tzinfo=UTC)  # its real end, not the cut


def test_labels_are_shortened_to_fit_their_block() -> None:
    assert fitted_label("P-0001", 200) == "P-0001"
    assert fitted_label("P-0001", 40) == "P-0…"
    assert fitted_label("P-0001", 10) == ""


def test_a_block_is_coloured_by_its_largest_share() -> None:
    assert dominant_country((("RU", 0.4), ("KZ", 0.6))) == "KZ"
    assert dominant_country((("RU", 0.5), ("KZ", 0.5))) == "KZ"
    assert country_slots({"RU", "KZ", "AM"}) == {"AM": 0, "KZ": 1, "RU": 2}


def test_day_ticks_fall_on_midnight_utc() -> None:
    chart = gantt_chart([], [], start=START, shift_hours=8, window=window(63, 8, 1))
    assert len(chart.day_ticks) == 7
    assert chart.day_ticks[0].label == "Tue 07 Sep"
    assert len(chart.shift_ticks) == 21
    assert chart.shift_ticks[0].label == "08:00"


@pytest.mark.parametrize(
    ("coefficient", "band"),
    [
        (None, "none"),
        (0.0, "very-poor"),
        (0.399, "very-poor"),
        (0.4, "poor"),
        (0.999, "poor"),
        (1.0, "well"),
        (3.0, "well"),
    ],
)
def test_return_coefficients_fall_in_the_consortium_bands(
    coefficient: float | None, band: str
) -> None:
    assert band_of(coefficient) == band


def test_a_coefficient_above_the_policys_max_ratio_is_not_well_balanced() -> None:
    assert band_of(2.14, max_ratio=1.5) == "over"
    assert band_label("over", 1.5) == "above the policy's bound (> 1.50)"
    assert band_of(1.5, max_ratio=1.5) == "well"
    assert band_of(2.14) == "well"
    chart = coefficient_chart([("RU", 0.7), ("BY", 2.14)], [0.8, 1.5], max_ratio=1.5)
    assert [bar.band for bar in chart.bars] == ["poor", "over"]


def test_the_coefficient_scale_holds_every_member_and_bound() -> None:
    chart = coefficient_chart([("RU", 0.7), ("BY", 2.14)], [0.8, 1.5])
    assert chart.bars[1].width <= chart.plot_width
    assert chart.bars[0].width < chart.bars[1].width
    assert [mark.label for mark in chart.bounds] == ["0.8", "1.5"]
    assert chart.bands[0].x == chart.plot_left


def test_a_balance_outside_its_tolerance_is_marked_so() -> None:
    assert balance_chart(22.0, 6.0).within is False
    inside = balance_chart(-3.0, 6.0)
    assert inside.within is True
    assert inside.bar_x < inside.zero


def test_progress_is_drawn_as_steps_over_time() -> None:
    points = [ProgressPoint(0.1, 10.0, 20.0, 0.5), ProgressPoint(0.5, 15.0, 16.0, 0.0625)]
    chart = progress_chart(points, 0.6)
    assert chart.points == 2
    assert len(chart.objective_line.split()) == 4  # two points, one step between, held to the end
    assert chart.time_ticks[-1].label == "1 s"


def test_axes_use_round_numbers() -> None:
    assert nice_ticks(0, 0.9) == [0.0, 0.5, 1.0]
    assert nice_ticks(0, 0.9, 5) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(-95.6, 1116.3) == [-500.0, 0.0, 500.0, 1000.0, 1500.0]


@pytest.mark.parametrize("fill", [*COUNTRY_COLOURS, *STATE_COLOURS.values()])
def test_block_labels_are_readable_on_every_fill(fill: str) -> None:
    assert contrast_ratio(fill, LABEL_COLOUR) >= MIN_CONTRAST


def test_the_palette_matches_the_stylesheet() -> None:
    from pathlib import Path

    css = (Path(__file__).resolve().parents[3] / "api/ui/static/beamtime.css").read_text()
    for slot, colour in enumerate(COUNTRY_COLOURS):
        assert f"--country-{slot}: {colour};" in css
    for state, colour in STATE_COLOURS.items():
        assert f"--state-{state}: {colour};" in css


def test_page_sentences_keep_round_codes_as_written() -> None:
    from api.ui.templating import sentence

    assert sentence("round 2027-IX-demo-next has no allocation yet") == (
        "Round 2027-IX-demo-next has no allocation yet"
    )
