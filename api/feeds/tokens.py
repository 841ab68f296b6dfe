"""Feed token values: `btf_` and 43 URL-safe characters (256 random bits), stored as digests.

A feed token is a credential of its own kind, never a bearer token: it lives in its own
table, so it opens one calendar and nothing else. The prefix differs from API tokens'
(`bt_`) so that a leaked value tells at once what it opens, and so logs can redact it.
"""

from __future__ import annotations

import secrets

from api.auth.tokens import shown_prefix, token_digest

FEED_TOKEN_PREFIX = "btf_"


def new_feed_token() -> str:
    """A fresh random feed token (shown to its maker once, never stored)."""
    return FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)


def feed_digest(token: str) -> str:
    """The hex SHA-256 digest under which a feed token is stored and looked up."""
    return token_digest(token)


def feed_prefix(token: str) -> str:
    """The first characters of a feed token, kept to tell feeds apart."""
    return shown_prefix(token)
