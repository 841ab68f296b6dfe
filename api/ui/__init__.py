"""The web pages under `/ui/`: coordinators' and groups' view of the booking service.

Pages are rendered on the server (Jinja2) from the same services the HTTP API uses, with
the same principal, so a page never shows what its token could not read through the API.
Charts are server-drawn SVG; a little vanilla JavaScript adds zoom, colour switching and
live solve progress (`static/beamtime.js`). See `docs/ui.md`.
"""

from api.ui.mount import install_ui

__all__ = ["install_ui"]
