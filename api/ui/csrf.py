"""CSRF tokens: every form that changes something carries one.

A token is an HMAC of the visitor's nonce (the session's, or before sign-in the
sign-in cookie's) under the CSRF key. A forged cross-site form cannot know it: the
nonce sits in an HttpOnly, SameSite=Strict cookie and the key on the server. Posts
also must not come from another origin when the browser says where they come from.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

FIELD = "csrf_token"


def csrf_token(key: bytes, nonce: str) -> str:
    """The CSRF token of forms shown to the holder of `nonce`."""
    mac = hmac.new(key, nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def csrf_token_valid(key: bytes, nonce: str, presented: str) -> bool:
    """Whether a posted token belongs to `nonce` (compared in constant time)."""
    return bool(nonce) and hmac.compare_digest(csrf_token(key, nonce), presented)


def same_origin(origin: str | None, scheme: str, host: str | None) -> bool:
    """Whether a request's `Origin` header (when the browser sent one) is this site."""
    if origin is None:
        return True
    return host is not None and origin == f"{scheme}://{host}"
