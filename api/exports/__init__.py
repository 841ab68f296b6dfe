"""Exports of a round's schedule: solution JSON, CSV, iCalendar and the country report."""
