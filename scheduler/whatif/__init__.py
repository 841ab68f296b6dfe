"""What-if studies: the price of each policy, and variants of a round solved side by side."""
