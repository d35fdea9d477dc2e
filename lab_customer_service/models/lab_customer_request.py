from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

from .lab_roles import (
    DEPUTY_DIRECTOR,
    QUALITY_MANAGER,
    STAFF,
)

REQUEST_CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("portal", "Portal"),
    ("web", "Website"),
    ("in_person", "In Person"),
]
OPEN_STATES = ("new", "assigned")
REQUEST_GROUPS = (
    STAFF,
    QUALITY_MANAGER,
)
ANSWER_TEMPLATE = "lab_customer_service.mail_template_lab_request_answer"


class LabCustomerRequest(models.Model):
    """A customer's inquiry or request, registered whatever its channel (R-CM-01, R-CM-04).

    Each one has a responsible employee and a response deadline from the company's service level;
    overdue requests escalate to the requests supervisor (R-CM-02).

    Its state, the answer's who and when, the day it came in, its deadline and its escalation
    change only through the actions below (issue 15): a request nobody can mark answered, date
    back or keep from escalating behind the lab's back. Once answered or cancelled it is frozen
    as the record of what the customer was told; reopening it is the way to change it.
    """

    _name = "lab.customer.request"
    _description = "Customer Request"
    _inherit = [
        "lab.sender.verification.mixin",
        "lab.protected.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _primary_email = "email_from"
    # Set by their defaults when the request is registered, never rewritten: the response
    # deadline counts from the first, and is the second (R-CM-02).
    _lab_registration_fields = ("date_received", "date_deadline")
    _lab_protected_actions = {
        "_lab_assign": ("state",),
        "_lab_mark_answered": ("state", "date_answered", "answered_by_id"),
        "action_cancel": ("state",),
        "action_reopen": ("state", "date_answered", "answered_by_id"),
        "_cron_escalate_overdue": ("date_escalated",),
    }
    _lab_frozen_states = ("answered", "cancelled")
    _lab_frozen_open_fields = ("access_token", "message_main_attachment_id")
    _lab_sender_verify_groups = REQUEST_GROUPS
    _lab_sender_confirmation_template = "lab_customer_service.mail_template_request_confirm_sender"

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    subject = fields.Char(required=True, tracking=True)
    channel = fields.Selection(
        REQUEST_CHANNELS, required=True, default="phone", tracking=True, index=True
    )
    request_type = fields.Selection(
        [
            ("price", "Price"),
            ("lead_time", "Lead Time"),
            ("documents", "Required Documents"),
            ("technical", "Technical Advice"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="other",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Contact", tracking=True, index=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    date_received = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        index=True,
        tracking=True,
        help="When the customer made the request; the response deadline counts from it.",
    )
    email_from = fields.Char(string="Email")
    phone = fields.Char()
    description = fields.Html(string="Request")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_deadline = fields.Date(
        string="Response Deadline",
        compute="_compute_date_deadline",
        store=True,
        tracking=True,
        help="From the company's service level, in working days from registration.",
    )
    answer = fields.Html()
    date_answered = fields.Datetime(string="Answered On", readonly=True, copy=False)
    answered_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    is_answered_on_time = fields.Boolean(
        string="Answered On Time", compute="_compute_is_answered_on_time", store=True
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    date_escalated = fields.Datetime(string="Escalated On", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("new", "New"),
            ("assigned", "Assigned"),
            ("answered", "Answered"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )

    @api.depends("date_received", "company_id")
    def _compute_date_deadline(self):
        cache = {}
        for request in self:
            if request.date_deadline:
                continue
            start = request.date_received or fields.Datetime.now()
            request.date_deadline = request.company_id._lab_add_working_days(
                start, request.company_id.lab_request_response_days, cache
            )

    @api.depends("date_answered", "date_deadline")
    def _compute_is_answered_on_time(self):
        for request in self:
            request.is_answered_on_time = bool(
                request.date_answered
                and (
                    not request.date_deadline
                    or request.date_answered.date() <= request.date_deadline
                )
            )

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state in OPEN_STATES
                and request.date_deadline
                and request.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("state", "in", OPEN_STATES),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        for request in self.filtered("partner_id"):
            request.email_from = request.partner_id.email or request.email_from
            request.phone = request.partner_id.phone or request.phone

    @api.constrains("partner_id", "email_from", "phone")
    def _check_contact_way(self):
        for request in self:
            if not (request.partner_id or request.email_from or request.phone):
                raise ValidationError(
                    self.env._(
                        "Request %(name)s has no way to reach the customer: give a contact, "
                        "an email address or a phone number.",
                        name=request.subject or request.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # What the caller sent is checked before a responsible makes the request assigned.
        self._lab_check_protected_create(vals_list)
        self.env["ir.sequence"]._lab_assign_codes("lab.customer.request", vals_list)
        assigned = False
        for vals in vals_list:
            if vals.get("user_id") and vals.get("state", "new") == "new":
                vals["state"] = "assigned"
                assigned = True
        Requests = self._lab_grant("_lab_assign") if assigned else self
        return super(LabCustomerRequest, Requests).create(vals_list).with_env(self.env)

    def write(self, vals):
        # Giving a new request its responsible is what assigns it (R-CM-01).
        if vals.get("user_id") and "state" not in vals:
            new = self.filtered(lambda r: r.state == "new")
            if new:
                super(LabCustomerRequest, self - new).write(vals)
                return super(LabCustomerRequest, new._lab_grant("_lab_assign")).write(
                    dict(vals, state="assigned")
                )
        return super().write(vals)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/lab/requests/{request.id}"
        return result

    # ------------------------------------------------------------------ mail gateway
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the requests alias opens a request from the customer who sent it, or
        who it claims to come from: filed under that contact, it waits for their confirmation
        before their portal shows it (issue 16)."""
        values = dict(custom_values or {})
        email = email_normalize(msg_dict.get("email_from") or "")
        partner = self.env["res.partner"]
        if msg_dict.get("author_id"):
            partner = partner.browse(msg_dict["author_id"])
        elif email:
            partner = partner.search([("email_normalized", "=", email)], limit=1)
        values.setdefault("name", "/")  # the reference comes from the sequence, not the subject
        values.setdefault("channel", "email")
        values.setdefault("subject", msg_dict.get("subject") or self.env._("(no subject)"))
        values.setdefault("description", msg_dict.get("body"))
        if partner:
            values.setdefault("partner_id", partner.id)
        values.update(self._lab_mail_sender_values(values.get("partner_id")))
        request = super(LabCustomerRequest, self._lab_grant("message_new")).message_new(
            msg_dict, custom_values=values
        )
        request = request.with_env(self.env)
        request._lab_request_sender_confirmation()
        return request

    # ------------------------------------------------------------------ actions
    def _lab_check_request_role(self):
        self._lab_check_role(
            *REQUEST_GROUPS,
            message=self.env._("Only customer service handles customer requests."),
        )

    def _lab_check_open(self):
        for request in self:
            if request.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "Request %(name)s is no longer open: reopen it first.", name=request.name
                    )
                )

    def action_take(self):
        self._lab_check_request_role()
        self._lab_check_open()
        self.write({"user_id": self.env.user.id})

    def action_send_answer(self):
        """Open the composer with the answer template, signed with the responder's name and
        phone (R-CM-01). Sending it marks the request answered (see ``mail.compose.message``)."""
        self.ensure_one()
        self._lab_check_request_role()
        self._lab_check_open()
        if not self.answer or not self.answer.striptags().strip():
            raise UserError(self.env._("Write the answer before sending it."))
        if not (self.partner_id.email or self.email_from):
            raise UserError(
                self.env._(
                    "The customer has no email address: answer by phone, then mark the request "
                    "as answered."
                )
            )
        template = self.env.ref(ANSWER_TEMPLATE)
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }

    def action_mark_answered(self):
        """For answers given by phone or in person: the answer text is the record."""
        self._lab_check_request_role()
        self._lab_check_open()
        for request in self:
            if not request.answer or not request.answer.striptags().strip():
                raise UserError(self.env._("Write the answer that was given before closing."))
        self._lab_mark_answered()

    def _lab_answer_sent(self):
        """The answer template went out to the customer from the composer: the open requests
        among ``self`` are answered, by whoever sent it (R-CM-01)."""
        self.filtered(lambda r: r.state in OPEN_STATES).action_mark_answered()

    def action_cancel(self):
        self._lab_check_request_role()
        self._lab_check_open()
        self._lab_grant("action_cancel").write({"state": "cancelled"})

    def action_reopen(self):
        self._lab_check_request_role()
        if any(request.state in OPEN_STATES for request in self):
            raise UserError(self.env._("Only an answered or cancelled request can be reopened."))
        self._lab_grant("action_reopen").write(
            {"state": "assigned", "date_answered": False, "answered_by_id": False}
        )

    def _lab_mark_answered(self):
        """Called by the answer actions once they checked the caller and the answer."""
        values = {
            "state": "answered",
            "date_answered": fields.Datetime.now(),
            "answered_by_id": self.env.user.id,
        }
        granted = self._lab_grant("_lab_mark_answered")
        # Whoever answered becomes responsible of a request nobody had taken.
        unassigned = granted.filtered(lambda r: not r.user_id)
        (granted - unassigned).write(values)
        unassigned.write(dict(values, user_id=self.env.user.id))

    # ------------------------------------------------------------------ escalation
    def _lab_escalation_user(self):
        self.ensure_one()
        supervisor = self.company_id.lab_request_supervisor_id
        if supervisor:
            return supervisor
        group = self.env.ref(DEPUTY_DIRECTOR)
        return group.all_user_ids.filtered(
            lambda u: self.company_id in u.company_ids and u.active
        ).sorted("id")[:1]

    @api.model
    def _cron_escalate_overdue(self):
        """Give each overdue request, once, an activity to the requests supervisor (R-CM-02)."""
        overdue = self.search([("is_overdue", "=", True), ("date_escalated", "=", False)])
        activity_type = self.env.ref("lab_customer_service.mail_activity_type_request_overdue")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for request in overdue:
            supervisor = request._lab_escalation_user()
            if not supervisor:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": request.id,
                    "activity_type_id": activity_type.id,
                    "user_id": supervisor.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": self.env._(
                        "Overdue request %(name)s (responsible: %(user)s)",
                        name=request.name,
                        user=request.user_id.name or self.env._("nobody"),
                    ),
                }
            )
        self.env["mail.activity"].create(vals_list)
        overdue._lab_grant("_cron_escalate_overdue").write(
            {"date_escalated": fields.Datetime.now()}
        )
        return overdue
