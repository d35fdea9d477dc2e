import datetime

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    lab_request_response_days = fields.Integer(
        string="Request Response Time (working days)",
        default=2,
        help="Service level: a customer request must be answered within this many working days "
        "of the company's working calendar (R-CM-02).",
    )
    lab_request_supervisor_id = fields.Many2one(
        "res.users",
        string="Requests Supervisor",
        help="Overdue requests escalate to this person as an activity. When empty they escalate "
        "to the laboratory's Deputy Director.",
    )
    lab_delay_risk_days = fields.Integer(
        string="Delay Warning (working days)",
        default=1,
        help="Work whose expected report date falls within this many working days and is not yet "
        "reported is at risk: the customer is told at once (R-CM-03).",
    )
    lab_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        domain=[("is_lab_survey", "=", True), ("lab_approval_state", "=", "approved")],
        help="Approved survey sent to the customer contact after a report is released.",
    )
    lab_survey_delay_days = fields.Integer(
        string="Survey Delay (days)",
        default=3,
        help="Days after a report's release before the customer is invited to the survey.",
    )
    lab_satisfaction_threshold = fields.Float(
        string="Satisfied From (%)",
        default=80.0,
        help="An answer scoring below this percentage schedules a follow-up call.",
    )

    def _lab_add_working_days(self, start, days, cache=None):
        """The date ``days`` working days after ``start`` (a date or datetime) on the company's
        working calendar; the start day itself does not count. ``cache`` (a dict) lets a batch
        compute reuse results, as many samples share a reception day and a turnaround."""
        self.ensure_one()
        if not start:
            return False
        day = start.date() if isinstance(start, datetime.datetime) else start
        key = (self.id, day, days)
        if cache is not None and key in cache:
            return cache[key]
        calendar = self.sudo().resource_calendar_id
        if days <= 0:
            result = day
        elif calendar:
            # Noon UTC stays on ``day`` in every working calendar's time zone that matters here.
            noon = datetime.datetime.combine(day, datetime.time(12))
            result = calendar._lab_working_day_after(noon, days)
        else:
            result, left = day, days
            while left:
                result += datetime.timedelta(days=1)
                left -= result.weekday() < 5
        if cache is not None:
            cache[key] = result
        return result
