from odoo import models


class LabManagementReview(models.Model):
    """Complaint, concern and appeal figures in the management review (R-MR-01, R-CP-08).

    Each type of the complaint register has its own line: complaints, internal concerns and
    appeals in their section, suggestions with the other suggestions under Feedback, so that a
    suggestion sent through the complaint form raises "Suggestions", not "Complaints received".
    """

    _inherit = "lab.management.review"

    def _get_figures(self):
        # Aggregates of the whole lab for the review's company, as the other figures are.
        Complaint = self.env["lab.complaint"].sudo()
        period = (self.date_from, self.date_to, self.company_id)
        counts = Complaint._management_review_counts(*period)
        figures = super()._get_figures()
        suggestions = sum(n for (kind, _justified), n in counts.items() if kind == "suggestion")
        for figure in figures:
            if figure["key"] == "feedback_suggestions":
                figure["value"] += suggestions
        section = self.env._("Complaints, Concerns and Appeals")
        return figures + [
            dict(figure, section=section)
            for figure in Complaint._management_review_figures(*period, counts=counts)
        ]
