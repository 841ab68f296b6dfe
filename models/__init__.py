"""Data models: the exchange format (`models.exchange`) and persistence (`models.orm`)."""
