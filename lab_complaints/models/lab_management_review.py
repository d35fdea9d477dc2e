from odoo import models


class LabManagementReview(models.Model):
    """Complaint and appeal figures in the management review (R-MR-01, R-CP-08)."""

    _inherit = "lab.management.review"

    def _get_figures(self):
        return super()._get_figures() + self._get_complaint_figures()

    def _get_complaint_figures(self):
        # Aggregates of the whole lab for the review's company, as the other figures are.
        section = self.env._("Complaints and Appeals")
        figures = (
            self.env["lab.complaint"]
            .sudo()
            ._management_review_figures(self.date_from, self.date_to, self.company_id)
        )
        return [dict(figure, section=section) for figure in figures]
