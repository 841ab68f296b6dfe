"""The booking service: an HTTP API over a database, with solve jobs run by workers.

`api.app.create_app(settings)` builds the application; each domain (rounds,
proposals, bookings, ...) lives in its own folder with a thin router, a service
that owns the rules and a repository that owns the SQL.
"""
