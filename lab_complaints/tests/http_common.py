import re

from odoo.tests import HttpCase

from .common import ComplaintCase

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class ComplaintHttpCase(HttpCase, ComplaintCase):
    """The complaint fixtures, reachable over HTTP (portal users log in with their login)."""

    def _csrf(self, url="/lab/complaint"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return CSRF.search(response.text).group(1)

    def _post(self, url, data, files=None, csrf=True, form_url="/lab/complaint", headers=None):
        data = dict(data)
        if csrf:
            data["csrf_token"] = self._csrf(form_url)
        return self.url_open(url, data=data, files=files, allow_redirects=False, headers=headers)

    def _followup(self, complaint, token=None):
        url = f"/lab/complaint/{complaint.id}"
        if token is not None:
            url += f"?access_token={token}"
        return self.url_open(url, allow_redirects=False)
