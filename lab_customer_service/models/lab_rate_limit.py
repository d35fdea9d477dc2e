import ipaddress

from odoo import api, fields, models
from odoo.sql_db import Cursor
from odoo.tools import SQL, email_normalize
from odoo.tools.misc import hmac

# A proxy on the same host is the usual setup; any other proxy is named in the setting.
DEFAULT_TRUSTED_PROXIES = "127.0.0.0/8, ::1"
TRUSTED_PROXIES_PARAM = "lab_customer_service.trusted_proxies"


def _ip(value):
    """An address as ``ipaddress`` reads it, or None; tolerates a port and IPv6 brackets."""
    value = (value or "").strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.split(":")[0])
    for candidate in candidates:
        try:
            return ipaddress.ip_address(candidate)
        except ValueError:
            continue
    return None


class LabRateLimit(models.Model):
    """How often one client network, or one mailbox, used one public page (a scope) in one
    clock hour: the public report verification page (issue 20), the public complaint form
    (point 11, issue 16).

    A row holds a keyed hash of scope and key and an hour, never an address or the second a
    request came in, and is deleted once its hour is over: nothing here can be matched against
    a record's creation time to unmask an anonymous complainant (R-CP-02).
    """

    _name = "lab.rate.limit"
    _description = "Public Page Counter"
    _order = "hour_start desc, id desc"
    _log_access = False

    key_hash = fields.Char(required=True, readonly=True)
    hour_start = fields.Datetime(string="Hour", required=True, readonly=True)
    hit_count = fields.Integer(string="Requests", required=True, readonly=True)

    _key_hour_unique = models.Constraint(
        "UNIQUE(key_hash, hour_start)", "One counter per client and hour."
    )
    _hour_index = models.Index("(hour_start)")

    @api.model
    def _lab_hourly_limit(self, param, default):
        value = self.env["ir.config_parameter"].sudo().get_param(param)
        try:
            return int(value) if value else default
        except ValueError:
            return default

    @api.model
    def _lab_client_key(self, environ, proxies_param=TRUSTED_PROXIES_PARAM):
        """The client's network, from a WSGI ``environ``: the connection's peer or, when that
        peer is a proxy the administrator trusts (the setting ``proxies_param``), the last
        address of its ``X-Forwarded-For`` that is no trusted proxy. With Odoo's
        ``proxy_mode`` the peer is read from before Odoo's own fix.

        The header is read only from a trusted proxy: a client connecting directly cannot
        choose its address by forging it, whatever ``proxy_mode`` says.
        """
        param = (
            self.env["ir.config_parameter"].sudo().get_param(proxies_param, DEFAULT_TRUSTED_PROXIES)
        )
        trusted = []
        for item in param.replace(";", ",").split(","):
            try:
                trusted.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                continue

        def is_trusted(value):
            address = _ip(value)
            return address is not None and any(address in network for network in trusted)

        client = environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR") or environ.get(
            "REMOTE_ADDR", ""
        )
        forwarded = environ.get("HTTP_X_FORWARDED_FOR")
        if is_trusted(client) and forwarded:
            for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
                client = hop
                if not is_trusted(hop):
                    break
        return self._lab_network_key(client)

    @api.model
    def _lab_network_key(self, address):
        """An IPv4 address counts alone; an IPv6 client counts with its /64, which one
        subscriber holds whole and can rotate through at will."""
        ip = _ip(address)
        if ip is None:
            return f"net:{address}"
        if ip.version == 6 and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if ip.version == 6:
            return f"net:{ipaddress.ip_network((ip, 64), strict=False)}"
        return f"net:{ip}"

    @api.model
    def _lab_email_key(self, email):
        """One mailbox, however its address is spelled (case, ``+tag``)."""
        local, _at, domain = (email_normalize(email) or email or "").rpartition("@")
        return f"email:{local.split('+', 1)[0]}@{domain}"

    @api.model
    def _lab_key_hash(self, scope, key):
        return hmac(self.env(su=True), "lab_customer_service.rate_limit", f"{scope}|{key}")

    @api.model
    def _lab_allow(self, scope, keys, limit, now=None):
        """Count one request on ``scope`` for each of ``keys`` (a key or a list: a network, a
        mailbox) in this hour and say whether it is within ``limit``: when any key is over it,
        nothing is counted and it is not.

        The counting runs in a short transaction of its own, in READ COMMITTED, as one
        ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``: the row lock makes concurrent
        requests wait for each other and each sees the count the one before it committed. The
        request's own repeatable-read snapshot would not see that count (issue 16). Keys are
        locked in one order, so two requests sharing two keys cannot deadlock.
        """
        if isinstance(keys, str):
            keys = [keys]
        hour = (now or fields.Datetime.now()).replace(minute=0, second=0, microsecond=0)
        hashes = sorted({self._lab_key_hash(scope, key) for key in keys})
        if not hashes:
            return True
        with self.env.registry.cursor() as cr:
            if isinstance(cr, Cursor):  # a test cursor is a savepoint in the test's transaction
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            cr.execute(self._lab_purge_query(hour))
            cr.execute(
                SQL(
                    """
                    INSERT INTO lab_rate_limit AS counter (key_hash, hour_start, hit_count)
                    VALUES %s
                    ON CONFLICT (key_hash, hour_start)
                    DO UPDATE SET hit_count = counter.hit_count + 1
                    RETURNING hit_count
                    """,
                    SQL(", ").join(SQL("(%s, %s, 1)", key_hash, hour) for key_hash in hashes),
                )
            )
            if max(count for (count,) in cr.fetchall()) > limit:
                cr.rollback()
                return False
        return True

    @api.model
    def _lab_purge_query(self, hour):
        return SQL(
            """
            DELETE FROM lab_rate_limit
             WHERE id IN (SELECT id FROM lab_rate_limit
                           WHERE hour_start < %s FOR UPDATE SKIP LOCKED)
            """,
            hour,
        )

    @api.autovacuum
    def _gc_past_hours(self):
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        self.env.cr.execute(self._lab_purge_query(now))
