"""Rounds: their lifecycle, facilities, agreements, and the instance import/export."""
