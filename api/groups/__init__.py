"""Research groups: the teams proposers belong to."""
