"""The one pager of every paged list (`_pager.html`): nothing for a single page, and
links to the first, previous, next and last pages that come from the list itself, so
they carry its filters and order."""

from __future__ import annotations

import re

from api.ui.templating import TEMPLATES


def _pager(number: int, pages: int) -> str:
    macro = TEMPLATES.get_template("_pager.html").module.pager  # type: ignore[attr-defined]
    html: str = str(macro(number, pages, lambda n: f"?group=kz&page={n}", "things"))
    return html


def test_a_single_page_has_no_pager() -> None:
    assert _pager(1, 1).strip() == ""


def test_the_pager_links_the_pages_around_the_one_shown() -> None:
    middle = _pager(2, 3)
    assert 'aria-label="Pages of things"' in middle
    assert '<span aria-current="page">Page 2 of 3</span>' in middle
    found = re.findall(r'<a href="([^"]+)"[^>]*>(\w+)</a>', middle)
    links = {label: href for href, label in found}  # the address escaped once, as HTML
    assert links == {
        "First": "?group=kz&amp;page=1",
        "Previous": "?group=kz&amp;page=1",
        "Next": "?group=kz&amp;page=3",
        "Last": "?group=kz&amp;page=3",
    }
    assert re.findall(r"<a [^>]*>(\w+)</a>", _pager(1, 3)) == ["Next", "Last"]
    assert re.findall(r"<a [^>]*>(\w+)</a>", _pager(3, 3)) == ["First", "Previous"]
