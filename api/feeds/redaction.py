"""Keeping feed tokens out of the logs.

A feed's token travels in its URL, and access logs (uvicorn's, a proxy's) print URLs.
The service's own access log gets a filter that replaces every feed token with its
prefix; a proxy in front of the service needs the same rule of its own (docs/service.md).
"""

from __future__ import annotations

import logging
import re

from api.feeds.tokens import FEED_TOKEN_PREFIX

_FEED_TOKEN = re.compile(re.escape(FEED_TOKEN_PREFIX) + r"([A-Za-z0-9_-]{6})[A-Za-z0-9_-]*")

REDACTED_LOGGERS = ("uvicorn.access", "uvicorn.error", "beamtime.api")


def redacted(text: str) -> str:
    """The text with every feed token cut to its first characters and `...`."""
    return _FEED_TOKEN.sub(lambda m: f"{FEED_TOKEN_PREFIX}{m.group(1)}...", text)


class FeedTokenFilter(logging.Filter):
    """Rewrites a record's message and arguments so that no feed token is logged whole."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drops it."""
        if isinstance(record.msg, str):
            record.msg = redacted(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redacted(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redacted(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def install_feed_token_filter() -> None:
    """Add the filter to the loggers that print request paths (once per logger)."""
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, FeedTokenFilter) for f in logger.filters):
            logger.addFilter(FeedTokenFilter())
