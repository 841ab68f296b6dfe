"""Outages: beam lost on instruments of a published round, and the shifts bookings lost."""
