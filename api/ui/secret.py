"""The key that signs session cookies and CSRF tokens.

`BEAMTIME_SESSION_SECRET` is required in production (the settings refuse to start
without a strong one). Locally, a random key is made on first use and kept beside the
SQLite file (readable by its owner only), so that sessions survive a restart of
`beamtime serve`; with an in-memory or server database it lives in memory, and a
restart signs everyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from api.settings import Settings

KEY_BYTES = 32


@dataclass(frozen=True)
class UiKeys:
    """Keys derived from the one secret, one per purpose, so that a value signed for one
    purpose (a session) is never accepted for another (a CSRF token)."""

    session: bytes
    csrf: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> UiKeys:
        """Derive the keys from a secret."""
        return cls(session=_derive(secret, b"session"), csrf=_derive(secret, b"csrf"))


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return hmac.new(secret, b"beamtime-ui/" + purpose, hashlib.sha256).digest()


def ui_keys(settings: Settings) -> UiKeys:
    """The keys for these settings: from `session_secret`, else a persisted local key."""
    if settings.session_secret:
        return UiKeys.from_secret(settings.session_secret.encode("utf-8"))
    path = secret_file(settings.database_url)
    if path is None:
        return UiKeys.from_secret(secrets.token_bytes(KEY_BYTES))
    return UiKeys.from_secret(_read_or_create(path))


def secret_file(database_url: str) -> Path | None:
    """Where a SQLite database's local session key is kept, or None (no file database)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(f"{url.database}.session-key")


def _read_or_create(path: Path) -> bytes:
    """The key in `path`, made first if missing. The key is written to a private temporary
    file that is then hard-linked into place, so a reader never sees a half-written key and
    two processes starting at once agree on one key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        temporary = path.with_name(f"{path.name}.{secrets.token_hex(8)}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temporary.unlink()
    return path.read_bytes()
