from odoo import api, fields, models
from odoo.exceptions import UserError

FEEDBACK_CHANNELS = [
    ("book", "Book of Reviews"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("portal", "Portal"),
    ("web", "Website"),
    ("in_person", "In Person"),
    ("survey", "Survey"),
]


class LabFeedback(models.Model):
    """A suggestion, review or compliment, whatever the channel it came through, including the
    lab's "book of reviews" (R-SV-01). Complaints have their own register (lab_complaints)."""

    _name = "lab.feedback"
    _description = "Customer Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Summary", required=True, tracking=True)
    kind = fields.Selection(
        [("suggestion", "Suggestion"), ("review", "Review"), ("compliment", "Compliment")],
        required=True,
        default="review",
        tracking=True,
        index=True,
    )
    channel = fields.Selection(FEEDBACK_CHANNELS, required=True, default="email", tracking=True)
    initiative = fields.Selection(
        [("customer", "Customer's Initiative"), ("lab", "Asked by the Lab")],
        required=True,
        default="customer",
        help="Active feedback comes from the customer; passive feedback is asked for by the lab.",
    )
    is_internal = fields.Boolean(string="Internal Customer")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", check_company=True, index=True)
    author_name = fields.Char(
        string="Written By", help="For the book of reviews: the name the visitor wrote."
    )
    order_id = fields.Many2one("sale.order", check_company=True)
    description = fields.Html()
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("referred", "Referred to Improvement"),
            ("closed", "Closed"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )
    improvement_note = fields.Text(
        string="Improvement Referral",
        help="What process improvement this feedback was referred to (R-MR-02).",
    )
    date_referred = fields.Date(string="Referred On", readonly=True, copy=False)
    is_referred = fields.Boolean(string="Referred", readonly=True, copy=False, index=True)

    @api.onchange("order_id")
    def _onchange_order_id(self):
        if self.order_id and not self.partner_id:
            self.partner_id = self.order_id.partner_id.commercial_partner_id

    def action_refer_to_improvement(self):
        for feedback in self:
            if not feedback.improvement_note:
                raise UserError(
                    self.env._(
                        "Say which process improvement %(name)s is referred to.", name=feedback.name
                    )
                )
        self.write(
            {
                "state": "referred",
                "is_referred": True,
                "date_referred": fields.Date.context_today(self),
            }
        )

    def action_close(self):
        self.write({"state": "closed"})

    def action_reset(self):
        self.write({"state": "new", "is_referred": False, "date_referred": False})
