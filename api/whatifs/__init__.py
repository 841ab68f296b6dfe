"""What-if studies of a round: variants solved side by side as solve jobs, never allocated."""
