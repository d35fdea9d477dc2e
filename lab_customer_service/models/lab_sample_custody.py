from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from .lab_roles import CUSTOMER_DATA

# Set when the sample is registered from a submission, never changed.
SUBMISSION_FIELDS = ("submission_id", "submission_line_id", "lab_customer_sample_ref")


class LabSample(models.Model):
    """A sample's submission and its chain of custody (issue 19 points 3; R-SR-01/03).

    The customer's own sample id stays beside the registration code for the customer and the
    customer-facing roles only: technicians know the code alone (R-SR-02).
    """

    _inherit = "lab.sample"

    submission_id = fields.Many2one(
        "lab.sample.submission",
        readonly=True,
        index="btree_not_null",
        copy=False,
        groups=CUSTOMER_DATA,
    )
    submission_line_id = fields.Many2one(
        "lab.sample.submission.line",
        readonly=True,
        index="btree_not_null",
        copy=False,
        groups=CUSTOMER_DATA,
    )
    lab_customer_sample_ref = fields.Char(
        string="Customer's Sample ID",
        readonly=True,
        copy=False,
        groups=f"{CUSTOMER_DATA},base.group_portal",
        help="The customer's own name for the sample, from its submission.",
    )
    custody_event_ids = fields.Many2many(
        "lab.custody.event",
        "lab_custody_event_sample_rel",
        "sample_id",
        "event_id",
        string="Chain of Custody",
        readonly=True,
        copy=False,
        groups=f"{CUSTOMER_DATA},base.group_portal",
    )

    @api.model_create_multi
    def create(self, vals_list):
        samples = super().create(vals_list)
        # one event per delivery (and per shelf it goes to), not one per sample (R-SR-06)
        self.env["lab.custody.event"]._lab_log_reception(samples)
        return samples

    def write(self, vals):
        if self.env.uid != SUPERUSER_ID:
            for fname in SUBMISSION_FIELDS:
                if fname in vals and any(
                    sample[fname]
                    != self._fields[fname].convert_to_record(
                        self._fields[fname].convert_to_cache(vals[fname], sample), sample
                    )
                    for sample in self.sudo()
                ):
                    raise UserError(
                        self.env._(
                            "A sample's submission and the customer's sample ID are recorded at "
                            "reception and never change."
                        )
                    )
        moved = self.browse()
        if vals.get("location_id"):
            moved = self.filtered(lambda s: s.location_id.id != vals["location_id"])
        result = super().write(vals)
        if moved:
            moved._lab_custody_log("storage", note=moved[:1].location_id.display_name)
        return result

    def _lab_custody_log(self, to_stage, note=False):
        """One custody event per hand-over, in one ``create``: the samples handed from the same
        stage (and of the same customer and submission) share one event."""
        Event = self.env["lab.custody.event"]
        last = Event._lab_last_stages(self)
        by_stage = self.grouped(lambda sample: last.get(sample.id, False))
        return Event._lab_log_samples(
            [
                (samples, {"from_stage": from_stage, "to_stage": to_stage, "note": note})
                for from_stage, samples in by_stage.items()
            ]
        )

    def action_start_test(self):
        result = super().action_start_test()
        self._lab_custody_log("analysis")
        return result

    def _lab_dispose(self, disposal):
        result = super()._lab_dispose(disposal)
        self._lab_custody_log("disposed", note=disposal.display_name)
        return result

    def _lab_return(self, sample_return):
        result = super()._lab_return(sample_return)
        self._lab_custody_log("returned", note=sample_return.display_name)
        return result
