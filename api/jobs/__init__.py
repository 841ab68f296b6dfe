"""Running solve jobs outside the API process.

One interface (`JobBackend`) with two backends: local worker processes (the
default, nothing to install) and a Dramatiq task queue over Redis (when
`BEAMTIME_BROKER_URL` is set). Either way the job's state lives in the
database, written by the worker through its own connection.
"""
