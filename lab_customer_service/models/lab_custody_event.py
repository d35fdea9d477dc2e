from odoo import api, fields, models

from .lab_roles import CUSTOMER_DATA

CUSTODY_STAGES = [
    ("customer", "Customer"),
    ("courier", "Courier"),
    ("reception", "Reception"),
    ("storage", "Storage"),
    ("analysis", "Analysis"),
    ("returned", "Returned to Customer"),
    ("disposed", "Disposed"),
]


class LabCustodyEvent(models.Model):
    """One hand-over of a sample (or of a whole submission before its samples are registered):
    who took it, when, from which stage to which (R-SR-01/03, issue 19 point 3). A register
    written by the system as each step happens; the customer reads the events of its own
    samples in the portal."""

    _name = "lab.custody.event"
    _description = "Custody Event"
    _inherit = ["lab.register.mixin"]
    _order = "date desc, id desc"

    sample_id = fields.Many2one(
        "lab.sample", index="btree_not_null", ondelete="cascade", readonly=True
    )
    submission_id = fields.Many2one(
        "lab.sample.submission", index="btree_not_null", ondelete="cascade", readonly=True
    )
    from_stage = fields.Selection(CUSTODY_STAGES, string="From", readonly=True)
    to_stage = fields.Selection(CUSTODY_STAGES, string="To", required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, readonly=True, default=lambda s: s.env.user
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    note = fields.Char(readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        index=True,
        groups=f"{CUSTOMER_DATA},base.group_portal",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)

    def _lab_register_message(self):
        return self.env._("Custody events are recorded by the steps of a sample's life only.")

    @api.model
    def _lab_log(self, vals_list):
        """Record ``vals_list`` in one ``create``, as the system: the partner and company come
        from the sample or the submission."""
        if not vals_list:
            return self.browse()
        env = self.sudo().env
        samples = env["lab.sample"].browse(
            {v["sample_id"] for v in vals_list if v.get("sample_id")}
        )
        submissions = env["lab.sample.submission"].browse(
            {v["submission_id"] for v in vals_list if v.get("submission_id")}
        )
        by_sample = {s.id: s for s in samples}
        by_submission = {s.id: s for s in submissions}
        uid = self.env.uid
        full = []
        for vals in vals_list:
            owner = by_sample.get(vals.get("sample_id")) or by_submission[vals["submission_id"]]
            full.append(
                {
                    "user_id": uid,
                    "date": fields.Datetime.now(),
                    "partner_id": owner.partner_id.id,
                    "company_id": owner.company_id.id,
                    **vals,
                }
            )
        return self.sudo().create(full)

    @api.model
    def _lab_last_stages(self, samples):
        """{sample id: the stage it was last handed to} (one query)."""
        if not samples:
            return {}
        last = self.sudo()._read_group(
            [("sample_id", "in", samples.ids)], ["sample_id"], ["id:max"]
        )
        events = self.sudo().browse([event_id for _sample, event_id in last])
        return {event.sample_id.id: event.to_stage for event in events}
