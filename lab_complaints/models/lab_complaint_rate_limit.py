import hashlib
import hmac
from datetime import timedelta

from odoo import api, fields, models

DEFAULT_HOURLY_LIMIT = 5


class LabComplaintRateLimit(models.Model):
    """One row per accepted public form submission, keyed by a keyed hash of the client address.

    Kept apart from the complaint so that nothing on a complaint can lead back to its submitter
    (R-CP-02), and hashed so that the table itself holds no address.
    """

    _name = "lab.complaint.rate.limit"
    _description = "Public Complaint Form Submission Log"
    _order = "id desc"
    _log_access = False

    address_hash = fields.Char(required=True, index=True, readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)

    @api.model
    def _hash_address(self, address):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hmac.new(secret.encode(), (address or "").encode(), hashlib.sha256).hexdigest()

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
    def _lab_allow(self, address):
        """Return whether this address may submit now; if so, count the submission.

        An advisory lock per address makes concurrent posts from one client count one by one.
        """
        address_hash = self._hash_address(address)
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s)", [int(address_hash[:15], 16)])
        since = fields.Datetime.now() - timedelta(hours=1)
        count = self.search_count([("address_hash", "=", address_hash), ("date", ">=", since)])
        if count >= self._hourly_limit():
            return False
        self.create({"address_hash": address_hash})
        return True

    @api.autovacuum
    def _gc_old_submissions(self):
        self.search([("date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
