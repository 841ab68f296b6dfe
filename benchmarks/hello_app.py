"""The baseline of the service benchmark: a bare FastAPI application answering "hello".

Served by the same uvicorn as the service, so that the difference between the two
is what the service itself costs (authentication, validation, the database).
"""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/hello")
def hello() -> dict[str, str]:
    """The smallest useful JSON answer."""
    return {"message": "hello"}
