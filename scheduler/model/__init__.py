"""CP-SAT models of the allocation problem: variables, one module per rule, the objective."""
