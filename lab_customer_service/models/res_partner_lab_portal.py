from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize

from .lab_roles import STAFF


class ResPartner(models.Model):
    """A customer's administrator of the portal and what each colleague sees in it (issue 19).

    Kept apart from ``res_partner.py`` (subcontractors, key customers): one idea per file.

    The flags are the record rules' input (``security/ir_rule.xml``): a portal user sees a part
    of the portal only if their contact has its flag. Customer service sets them; a customer's
    administrator sets them for their colleagues through ``lab_portal_set_access`` and
    ``lab_portal_invite``, never for themselves nor for another company.
    """

    _inherit = "res.partner"

    lab_portal_admin = fields.Boolean(
        string="Portal Administrator",
        help="Invites colleagues of the same company to the portal, chooses what each sees and "
        "who receives the test reports.",
    )
    lab_portal_orders = fields.Boolean(
        string="Portal: Orders and Invoices",
        default=True,
        help="Sees the company's quotations, orders, invoices and their contract reviews.",
    )
    lab_portal_reports = fields.Boolean(
        string="Portal: Samples and Reports",
        default=True,
        help="Sees the company's samples and released test reports.",
    )
    lab_report_recipient_ids = fields.One2many(
        "lab.report.recipient", "partner_id", string="Report Recipients"
    )

    @api.model
    def _lab_portal_access_fields(self):
        """{key: field} of what a customer's administrator may grant a colleague; other addons
        add theirs (complaints)."""
        return {
            "admin": "lab_portal_admin",
            "orders": "lab_portal_orders",
            "reports": "lab_portal_reports",
        }

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("lab_portal_admin") for vals in vals_list):
            self._lab_check_portal_access_writer()
        return super().create(vals_list)

    def write(self, vals):
        fields_ = set(self._lab_portal_access_fields().values())
        if fields_.intersection(vals):
            self._lab_check_portal_access_writer()
            # the record rules read these flags: their cached domains are stale now
            self.env.registry.clear_cache()
        return super().write(vals)

    def _lab_check_portal_access_writer(self):
        if not self.env.su and not self.env.user.has_group(STAFF):
            raise AccessError(
                self.env._(
                    "Only customer service, or a customer's portal administrator from the portal, "
                    "decides what a contact sees in the portal."
                )
            )

    def _lab_caller_admin_company(self):
        """The company whose portal the calling portal user administers, or ``AccessError``."""
        user = self.env.user
        if not user._is_portal() or not user.partner_id.lab_portal_admin:
            raise AccessError(
                self.env._("Only your company's portal administrator manages its portal users.")
            )
        return user.partner_id.commercial_partner_id

    def _lab_access_values(self, access):
        known = self._lab_portal_access_fields()
        unknown = set(access or {}) - set(known)
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown portal access: %(keys)s.", keys=", ".join(sorted(map(str, unknown)))
                )
            )
        return {known[key]: bool(value) for key, value in (access or {}).items()}

    def lab_portal_set_access(self, access):
        """Set what these contacts see in the portal: ``access`` {key: bool} with the keys of
        ``_lab_portal_access_fields``. Customer service for any contact; a customer's portal
        administrator for their colleagues, not for themselves."""
        values = self._lab_access_values(access)
        if not self.env.user.has_group(STAFF):
            company = self._lab_caller_admin_company()
            for partner in self.sudo():
                if partner.commercial_partner_id != company or partner.is_company:
                    raise AccessError(
                        self.env._(
                            "%(contact)s is not a colleague of your company.",
                            contact=partner.name,
                        )
                    )
                if partner == self.env.user.partner_id:
                    raise AccessError(
                        self.env._(
                            "You cannot change your own portal access: ask another administrator "
                            "of your company or the laboratory."
                        )
                    )
        # sudo: a portal user cannot write contacts; the caller was checked above
        self.sudo().write(values)
        return True

    @api.model
    def lab_portal_invite(self, name, email, access=None):
        """A customer's portal administrator invites a colleague: a contact of their company,
        a portal user with the access chosen, and Odoo's invitation mail (``portal.wizard``)."""
        company = self._lab_caller_admin_company()
        values = self._lab_access_values(access)
        name = (name or "").strip()
        normalized = email_normalize(email or "")
        if not name:
            raise UserError(self.env._("Give your colleague's name."))
        if not normalized:
            raise UserError(
                self.env._("%(email)s is not a valid email address.", email=email or "")
            )
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        if Users.search_count([("login", "=ilike", normalized)], limit=1):
            raise UserError(
                self.env._(
                    "%(email)s already has an account: ask the laboratory to give it access.",
                    email=normalized,
                )
            )
        # sudo: a portal user creates no contact nor user; the caller is their company's
        # administrator and the contact is made inside their company only.
        contact = (
            self.sudo()
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "email": normalized,
                    "parent_id": company.id,
                    "type": "contact",
                    **values,
                }
            )
        )
        wizard = self.env["portal.wizard"].sudo().with_context(active_ids=contact.ids).create({})
        wizard.user_ids.filtered(lambda u: u.partner_id == contact).action_grant_access()
        contact.message_post(
            body=self.env._(
                "Invited to the portal by %(admin)s.", admin=self.env.user.partner_id.name
            )
        )
        return contact.id
