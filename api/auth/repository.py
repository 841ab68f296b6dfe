"""SQL for tokens."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.orm import ApiToken


class TokenRepository:
    """Reads and writes `api_tokens` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_digest(self, digest: str) -> ApiToken | None:
        """The unrevoked token with this digest, if any."""
        return self.session.scalars(
            select(ApiToken).where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
        ).first()

    def by_id(self, token_id: str) -> ApiToken | None:
        """The token with this id, revoked or not."""
        return self.session.get(ApiToken, token_id)

    def add(self, token: ApiToken) -> ApiToken:
        """Store a new token."""
        self.session.add(token)
        self.session.flush()
        return token

    def page(self, limit: int, offset: int) -> tuple[Sequence[ApiToken], int]:
        """Tokens, oldest first, and how many there are."""
        total = self.session.scalar(select(func.count()).select_from(ApiToken)) or 0
        rows = self.session.scalars(
            select(ApiToken).order_by(ApiToken.created_at, ApiToken.id).limit(limit).offset(offset)
        ).all()
        return rows, total
