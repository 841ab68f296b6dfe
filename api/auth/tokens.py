"""Bearer token values: how they are made and how they are stored.

A token is `bt_` followed by 43 URL-safe characters (256 random bits). Only its
SHA-256 digest is stored. A fast hash is the right tool here: a salted slow hash
protects low-entropy passwords from guessing, but guessing a 256-bit random
value is hopeless at any speed, and a fast lookup by digest keeps
authentication to one indexed query per request.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "bt_"
SHOWN_PREFIX_LENGTH = 10


def new_token() -> str:
    """A fresh random token value (shown to its owner once, never stored)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The hex SHA-256 digest under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def shown_prefix(token: str) -> str:
    """The first characters of a token, kept so people can tell their tokens apart."""
    return token[:SHOWN_PREFIX_LENGTH]
