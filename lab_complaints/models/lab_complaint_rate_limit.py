import ipaddress

from odoo import api, fields, models
from odoo.sql_db import Cursor
from odoo.tools import SQL, email_normalize
from odoo.tools.misc import hmac

from odoo.addons.lab_customer_service.models.lab_rate_limit import DEFAULT_TRUSTED_PROXIES, _ip

DEFAULT_HOURLY_LIMIT = 5


class LabComplaintRateLimit(models.Model):
    """How many public form submissions one client network, or one email address, made in one
    clock hour (point 11, issue 16).

    A row holds a keyed hash and an hour, never an address or the second a complaint came in, and
    is deleted once its hour is over: nothing here can be matched against a complaint's creation
    time to unmask an anonymous complainant (R-CP-02).
    """

    _name = "lab.complaint.rate.limit"
    _description = "Public Complaint Form Counter"
    _order = "hour_start desc, id desc"
    _log_access = False

    key_hash = fields.Char(required=True, readonly=True)
    hour_start = fields.Datetime(
        string="Hour",
        required=True,
        readonly=True,
        help="The clock hour counted; no finer time is kept.",
    )
    submission_count = fields.Integer(string="Submissions", required=True, readonly=True)

    _key_hour_unique = models.Constraint(
        "UNIQUE(key_hash, hour_start)", "One counter per client and hour."
    )
    _hour_index = models.Index("(hour_start)")

    @api.model
    def _hourly_limit(self):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("lab_complaints.public_form_hourly_limit")
        )
        try:
            return int(param) if param else DEFAULT_HOURLY_LIMIT
        except ValueError:
            return DEFAULT_HOURLY_LIMIT

    @api.model
    def _trusted_proxies(self):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("lab_complaints.trusted_proxies", DEFAULT_TRUSTED_PROXIES)
        )
        networks = []
        for item in param.replace(";", ",").split(","):
            try:
                networks.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                continue
        return networks

    @api.model
    def _lab_client_address(self, peer, forwarded_for=None):
        """The client's address: the peer of the connection, or, when that peer is a proxy the
        administrator trusts, the last address in ``X-Forwarded-For`` that is no trusted proxy.

        The header is read only from a trusted proxy: a client connecting directly cannot choose
        its address by forging it, whatever ``proxy_mode`` says.
        """
        trusted = self._trusted_proxies()

        def is_trusted(value):
            address = _ip(value)
            return address is not None and any(address in network for network in trusted)

        client = peer or ""
        if is_trusted(client) and forwarded_for:
            for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
                client = hop
                if not is_trusted(hop):
                    break
        return client

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
    def _lab_allow(self, keys, now=None):
        """Count one submission for each key (a network, an email) in this hour, and say whether
        it is allowed: when any key is over the hourly limit, nothing is counted and it is not.

        The counting runs in a short transaction of its own, in READ COMMITTED, as one
        ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``: the row lock makes concurrent posts
        wait for each other and each sees the count the one before it committed. The request's
        own repeatable-read snapshot would not see that count (issue 16). Keys are locked in one
        order, so two posts sharing two keys cannot deadlock.
        """
        hour = (now or fields.Datetime.now()).replace(minute=0, second=0, microsecond=0)
        limit = self._hourly_limit()
        hashes = sorted({hmac(self.env(su=True), "lab_complaints.rate_limit", key) for key in keys})
        if not hashes:
            return True
        with self.env.registry.cursor() as cr:
            if isinstance(cr, Cursor):  # a test cursor is a savepoint in the test's transaction
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            cr.execute(self._purge_query(hour))
            cr.execute(
                SQL(
                    """
                    INSERT INTO lab_complaint_rate_limit AS counter
                           (key_hash, hour_start, submission_count)
                    VALUES %s
                    ON CONFLICT (key_hash, hour_start)
                    DO UPDATE SET submission_count = counter.submission_count + 1
                    RETURNING submission_count
                    """,
                    SQL(", ").join(SQL("(%s, %s, 1)", key_hash, hour) for key_hash in hashes),
                )
            )
            if max(count for (count,) in cr.fetchall()) > limit:
                cr.rollback()
                return False
        return True

    @api.model
    def _purge_query(self, hour):
        """Counters of past hours no longer count: they go (rows another post holds are left
        for the next one)."""
        return SQL(
            """
            DELETE FROM lab_complaint_rate_limit
             WHERE id IN (SELECT id FROM lab_complaint_rate_limit
                           WHERE hour_start < %s FOR UPDATE SKIP LOCKED)
            """,
            hour,
        )

    @api.autovacuum
    def _gc_past_hours(self):
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        self.env.cr.execute(self._purge_query(now))
