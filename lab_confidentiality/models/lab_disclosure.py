from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

DIRECTOR = "lab_customer_service.group_lab_deputy_director"
TECHNICAL = "lab_customer_service.group_lab_technical_manager"


class LabDisclosure(models.Model):
    """A release of customer information to a third party (R-CF-06, R-CF-07)."""

    _name = "lab.disclosure"
    _description = "Disclosure of Customer Information"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "lab.retention.mixin",
        "lab.customer.data.mixin",
    ]
    _order = "date_request desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    authority = fields.Char(string="Requesting Authority", required=True, tracking=True)
    authority_type = fields.Selection(
        [("court", "Court or Prosecutor"), ("official", "Authorised Official")],
        required=True,
        default="court",
        tracking=True,
    )
    request_reference = fields.Char(tracking=True)
    date_request = fields.Date(
        string="Requested On", default=fields.Date.context_today, required=True
    )
    legal_basis = fields.Text(required=True, tracking=True)
    released_info = fields.Text(string="Information Released", required=True, tracking=True)
    technical_reviewer_id = fields.Many2one(
        "res.users",
        string="Technical Manager",
        tracking=True,
        domain=lambda self: [("all_group_ids", "in", self.env.ref(TECHNICAL).ids)],
        help="The Technical Manager asked to approve; they see this disclosure only.",
    )
    technical_approver_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    director_approver_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("released", "Released"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    date_released = fields.Date(string="Released On", readonly=True, tracking=True, copy=False)
    customer_notice = fields.Selection(
        [
            ("to_tell", "To Be Told"),
            ("told", "Told"),
            ("forbidden", "Telling Forbidden by Law"),
        ],
        string="Customer Informed",
        default="to_tell",
        required=True,
        tracking=True,
    )
    date_customer_told = fields.Date(string="Customer Told On", tracking=True)
    notice_forbidden_reference = fields.Char(
        string="Legal Reference Forbidding Notice", tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains("legal_basis", "released_info")
    def _check_basis(self):
        for disclosure in self:
            if not (disclosure.legal_basis or "").strip():
                raise ValidationError(self.env._("A disclosure needs its legal basis."))
            if not (disclosure.released_info or "").strip():
                raise ValidationError(self.env._("Say what information is released."))

    @api.constrains("customer_notice", "date_customer_told", "notice_forbidden_reference")
    def _check_notice(self):
        for disclosure in self:
            if disclosure.customer_notice == "told" and not disclosure.date_customer_told:
                raise ValidationError(self.env._("Give the date the customer was told."))
            if (
                disclosure.customer_notice == "forbidden"
                and not disclosure.notice_forbidden_reference
            ):
                raise ValidationError(
                    self.env._("Give the legal reference that forbids telling the customer.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Said before the database refuses an empty column, in the user's words.
            if not (vals.get("legal_basis") or "").strip():
                raise ValidationError(self.env._("A disclosure needs its legal basis."))
        self.env["ir.sequence"]._lab_assign_codes("lab.disclosure", vals_list)
        records = super().create(vals_list)
        records._lab_ask_technical_manager()
        return records

    def write(self, vals):
        locked = {"partner_id", "authority", "legal_basis", "released_info"}
        if vals.keys() & locked and any(d.state != "draft" for d in self):
            raise UserError(
                self.env._("An approved or released disclosure cannot change what it releases.")
            )
        res = super().write(vals)
        if "technical_reviewer_id" in vals:
            self._lab_ask_technical_manager()
        return res

    def _lab_ask_technical_manager(self):
        for disclosure in self.filtered("technical_reviewer_id"):
            disclosure.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Approve the disclosure"),
                user_id=disclosure.technical_reviewer_id.id,
            )

    def _lab_check_draft(self):
        for disclosure in self:
            if disclosure.state != "draft":
                raise UserError(
                    self.env._(
                        "Disclosure %(name)s is no longer waiting for approval.",
                        name=disclosure.name,
                    )
                )

    def action_approve_technical(self):
        if not self.env.user.has_group(TECHNICAL):
            raise AccessError(self.env._("Only the Technical Manager approves this step."))
        self._lab_check_draft()
        for disclosure in self:
            if disclosure.director_approver_id == self.env.user:
                raise UserError(
                    self.env._("The two approvals must come from two different people.")
                )
        self.technical_approver_id = self.env.user
        self._lab_finish_approval()
        return True

    def action_approve_director(self):
        if not self.env.user.has_group(DIRECTOR):
            raise AccessError(self.env._("Only the Director approves this step."))
        self._lab_check_draft()
        for disclosure in self:
            if disclosure.technical_approver_id == self.env.user:
                raise UserError(
                    self.env._("The two approvals must come from two different people.")
                )
        self.director_approver_id = self.env.user
        self._lab_finish_approval()
        return True

    def _lab_finish_approval(self):
        done = self.filtered(lambda d: d.technical_approver_id and d.director_approver_id)
        done.state = "approved"
        done.activity_feedback(["mail.mail_activity_data_todo"])

    def action_release(self):
        for disclosure in self:
            if disclosure.state != "approved":
                raise UserError(
                    self.env._(
                        "Disclosure %(name)s needs the approval of the Technical Manager and the "
                        "Director before anything is released.",
                        name=disclosure.name,
                    )
                )
        self.write({"state": "released", "date_released": fields.Date.context_today(self)})
        return True

    def action_refuse(self):
        self._lab_check_draft()
        self.state = "refused"
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True
