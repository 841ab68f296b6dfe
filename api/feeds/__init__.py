"""Calendar feeds: iCalendar URLs with a revocable read-only token in them."""
