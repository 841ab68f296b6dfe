"""Facilities, their instruments and the instruments' calendars (closed periods)."""
