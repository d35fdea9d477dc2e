from odoo import api, fields, models


class LabSample(models.Model):
    """The expected report date of a sample (R-CM-03).

    The foundation's ``date_expected`` becomes computed and stored: reception date plus the
    longest turnaround of the sample's tests, in working days of the company's calendar. It stays
    editable, so a lab that agrees another date with the customer can set it by hand.
    """

    _inherit = "lab.sample"

    date_expected = fields.Date(
        compute="_compute_date_expected",
        store=True,
        readonly=False,
        help="Reception date plus the longest turnaround of the sample's tests, in working days.",
    )

    @api.depends("date_received", "test_ids.lab_turnaround_days", "company_id")
    def _compute_date_expected(self):
        cache = {}
        for sample in self:
            tests = sample.test_ids
            if not tests:
                # Tests not yet chosen: the order's tests stand in (a narrow, read-only lookup
                # of turnaround times; the order is hidden from lab roles).
                tests = sample.sudo().order_id.order_line.product_id.filtered("is_lab_test")
            days = max(tests.mapped("lab_turnaround_days") or [0])
            sample.date_expected = (
                sample.company_id._lab_add_working_days(sample.date_received, days, cache)
                if sample.date_received and days
                else False
            )
