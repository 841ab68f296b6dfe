"""The objective's exactness check counts every soft penalty at its largest value."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.model.objective import _upper


def test_a_variable_s_largest_value_is_its_domain_s_last_bound() -> None:
    model = cp_model.CpModel()
    assert _upper(model.new_int_var(0, 17, "violation")) == 17
    assert _upper(model.new_int_var_from_domain(cp_model.Domain.from_values([2, 9, 40]), "v")) == 40
