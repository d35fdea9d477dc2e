"""Calls as an attacker makes them: a real session, over HTTP JSON-RPC (issue 15).

``readonly`` fields and hidden buttons stop only the web client; these helpers go around it
the way any logged-in user can, through ``/web/dataset/call_kw``.
"""

from odoo.tests import HttpCase
from odoo.tools import mute_logger


class RpcRefused(Exception):
    """The server answered the call with an error (its class name and message)."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class RpcCase(HttpCase):
    """Mix into a test case that has users: ``self.rpc(user, model, method, *args, **kw)``.

    ``user`` is a ``res.users`` record (its password is its login, as ``new_test_user``
    makes it) or ``None`` for the public, who has no session.
    """

    def _csrf(self, url):
        """The CSRF token of the form at ``url``, as the browser reads it from the page."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[:500])
        marker = 'name="csrf_token" value="'
        start = response.text.index(marker) + len(marker)
        return response.text[start : response.text.index('"', start)]

    def rpc(self, user, model, method, *args, **kwargs):
        # one login per user in a row, as a browser keeps its session
        login = user.login if user else None
        if getattr(self, "_rpc_login", False) != (login, getattr(self, "session", None)):
            self.authenticate(login, login)
            self._rpc_login = (login, self.session)
        self.env.flush_all()
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_rule"):
            response = self.opener.post(
                f"{self.base_url()}/web/dataset/call_kw/{model}/{method}",
                json={
                    "id": 0,
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
                },
                timeout=30,
            )
        response.raise_for_status()
        decoded = response.json()
        # what the request wrote is read back from the database, not from this test's cache
        self.env.invalidate_all()
        if "error" in decoded:
            data = decoded["error"].get("data") or {}
            raise RpcRefused(data.get("name", "?"), data.get("message", ""))
        return decoded.get("result")

    def assertRpcRefused(self, user, model, method, *args, message=None, **kwargs):
        """The call fails for ``user``; returns the error, for more checks."""
        with self.assertRaises(RpcRefused, msg=f"{model}.{method} as {user and user.login}") as ctx:
            self.rpc(user, model, method, *args, **kwargs)
        if message:
            self.assertIn(message, ctx.exception.message)
        return ctx.exception
