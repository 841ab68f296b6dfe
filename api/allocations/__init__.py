"""Allocations: checked solutions of a round, one of which the coordinators accept."""
