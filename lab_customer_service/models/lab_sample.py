from odoo import api, fields, models
from odoo.exceptions import UserError

# The fields that link a sample to its customer. Only customer-facing roles may read them: inside
# the lab a sample is known only by its registration code (R-SR-02). Field-level groups hide them in
# views, search, export and RPC alike.
CUSTOMER_GROUPS = "lab_customer_service.group_lab_customer_data"


class LabSample(models.Model):
    _name = "lab.sample"
    _description = "Laboratory Sample"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name"]

    name = fields.Char(
        string="Registration Code",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index=True,
    )
    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        ondelete="restrict",
        groups=CUSTOMER_GROUPS,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
        groups=CUSTOMER_GROUPS,
    )
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        string="Ordered Tests",
        groups=CUSTOMER_GROUPS,
    )
    test_ids = fields.Many2many(
        "product.product",
        string="Tests",
        domain=[("is_lab_test", "=", True)],
        help="The tests to perform on this sample.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("accepted", "Accepted"),
            ("rejected", "Rejected"),
            ("in_test", "In Test"),
            ("reported", "Reported"),
            ("returned", "Returned"),
            ("disposed", "Disposed"),
        ],
        default="received",
        required=True,
        tracking=True,
        index=True,
    )
    description = fields.Char(string="Characteristics")
    date_received = fields.Datetime(
        string="Received On", default=fields.Datetime.now, required=True, tracking=True
    )
    received_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, tracking=True)
    date_expected = fields.Date(string="Expected Report Date", tracking=True)
    location_id = fields.Many2one(
        "lab.storage.location", string="Storage Location", check_company=True, tracking=True
    )
    area_id = fields.Many2one(related="location_id.area_id", store=True, string="Area")
    is_legal_hold = fields.Boolean(
        string="Legal Hold",
        tracking=True,
        help="Set while an objection, complaint or appeal concerns this sample: it cannot be "
        "disposed of.",
    )
    legal_hold_note = fields.Char(string="Legal Hold Reason")

    _name_company_unique = models.Constraint(
        "UNIQUE(name, company_id)", "Two samples can never share a registration code."
    )

    @api.model_create_multi
    def create(self, vals_list):
        todo = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if todo:
            company = self.env.company
            codes = self.env["ir.sequence"]._lab_next_codes("lab.sample", len(todo), company)
            for vals, code in zip(todo, codes, strict=True):
                vals["name"] = code
        return super().create(vals_list)

    def write(self, vals):
        if "name" in vals and any(sample.name != vals["name"] for sample in self):
            raise UserError(self.env._("A registration code never changes once it is given."))
        return super().write(vals)

    def _lab_involved_users(self):
        """See ``sale.order._lab_involved_users``."""
        return self.received_by_id
