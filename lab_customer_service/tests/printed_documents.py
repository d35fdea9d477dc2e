"""The printed records of the lab, read back in tests (issue 17)."""

import json
import re
from datetime import datetime
from urllib.parse import urlencode

from lxml import html as lxml_html

from odoo.tests import HttpCase

from .common import LabCase

# 2 March 2026, 21:30 UTC is 3 March, 00:30 in Istanbul (UTC+3), where the lab works.
RECEIVED_UTC = datetime(2026, 3, 2, 21, 30)
RECEIVED_LOCAL = "03/03/2026 00:30"
DECIDED_UTC = datetime(2026, 3, 3, 14, 5)
DECIDED_LOCAL = "03/03/2026 17:05"


class PrintedDocumentCase(LabCase, HttpCase):
    """Printed records read as their reader reads them: the QWeb body of the PDF, fetched from
    ``/report/html`` as the lab user who prints it (Debian's wkhtmltopdf writes PDFs without a
    text layer, so the PDF itself cannot be read back)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.resource_calendar_id.tz = "Europe/Istanbul"

    def _printed(self, report_name, records, login, data=None):
        """The printed ``records`` as an lxml tree; ``data`` as a report's wizard passes it."""
        self.authenticate(login, login)
        url = f"/report/html/{report_name}/{','.join(map(str, records.ids))}"
        if data:
            url += "?" + urlencode({"options": json.dumps(data)})
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return lxml_html.fromstring(response.content)

    @staticmethod
    def _text(node):
        """The words of ``node``, one space between those of two elements."""
        return re.sub(r" ([.,;:)])", r"\1", " ".join(" ".join(node.itertext()).split()))

    def assertLocalTimes(self, text, *expected):
        """The moments in the lab's time zone and on a 24-hour clock; none in UTC, none AM/PM."""
        for moment in expected:
            self.assertIn(moment, text)
        self.assertNotRegex(text, r"\d{1,2}:\d{2}(:\d{2})? ?[AP]M", "a 24-hour clock")
