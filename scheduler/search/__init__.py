"""How the engine searches: heuristics, the decomposition, large-neighbourhood search."""
