"""Bookings: published shifts held for groups, capped by capacity in the database."""
