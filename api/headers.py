"""Header values that carry ids: ids may be Cyrillic (or any Unicode), headers are Latin-1.

`Location` percent-encodes each path segment as UTF-8 (RFC 3986); `Content-Disposition`
gives an ASCII `filename` for old clients and the exact name as `filename*` (RFC 6266,
RFC 8187).
"""

from __future__ import annotations

import re
from urllib.parse import quote

_PATH_SEGMENT_SAFE = "-._~!$&'()*+,;=:@"
"""RFC 3986 `pchar` apart from percent-encodings: unreserved, sub-delims, `:` and `@`."""

_NOT_PLAIN_ASCII = re.compile(r'[^\x20-\x7e]|["\\]')


def location(*segments: str) -> str:
    """An absolute path from its segments, each percent-encoded (`/rounds/%D0%A0-1`)."""
    return "".join("/" + quote(segment, safe=_PATH_SEGMENT_SAFE) for segment in segments)


def attachment(filename: str) -> str:
    """A `Content-Disposition` value offering `filename` for download.

    Characters outside printable ASCII (and quotes, backslashes) become `_` in the plain
    `filename`; `filename*` keeps the name exactly, UTF-8 and percent-encoded.
    """
    fallback = _NOT_PLAIN_ASCII.sub("_", filename)
    exact = quote(filename, safe="!#$&+-.^_`|~")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}"
