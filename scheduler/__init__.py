"""The allocation engine: awards and places shifts under every rule of the format.

Public surface: `solve(instance, params, on_progress, should_stop) -> Solution`
with `SolveParams` and `Progress`; `check_solution` (solver-free checker) lives in
`scheduler.checking`.
"""
