"""Reading the portal's list tables as a customer sees them (issue 17: a cell that vanished
when its value was empty shifted the rest of its row one column left under the headers)."""

from lxml import html


def portal_table(page):
    """``(headers, rows)`` of the portal list table of an HTML page: the header labels, and for
    each body row the texts of its cells."""
    doc = html.fromstring(page)
    [table] = doc.xpath("//table[contains(concat(' ', @class, ' '), ' o_portal_my_doc_table ')]")
    headers = [" ".join(th.text_content().split()) for th in table.xpath("./thead/tr/th")]
    rows = [
        [" ".join(cell.text_content().split()) for cell in tr.xpath("./td | ./th")]
        for tr in table.xpath(".//tr[not(ancestor::thead)]")
    ]
    return headers, rows


def portal_tiles(page):
    """``{url: [pictogram src or None, ...]}`` of the tiles of the portal home page (a url may
    have two tiles: an alert and its document tile)."""
    doc = html.fromstring(page)
    tiles = {}
    for a in doc.xpath("//div[contains(@class, 'o_portal_index_card')]/a"):
        icon = a.xpath(".//div[contains(@class, 'o_portal_icon')]/img/@src")
        tiles.setdefault(a.get("href"), []).append(icon[0] if icon else None)
    return tiles


class PortalTableMixin:
    """For an ``HttpCase``: fetch a portal list page and check that every row has a cell under
    each header."""

    def assertPortalTableAligned(self, url, min_rows=1):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        headers, rows = portal_table(response.text)
        self.assertTrue(headers, f"{url}: a table with headers")
        self.assertGreaterEqual(len(rows), min_rows, url)
        for number, cells in enumerate(rows, 1):
            self.assertEqual(
                len(cells), len(headers), f"{url}, row {number}: {cells} under {headers}"
            )
        return headers, rows
