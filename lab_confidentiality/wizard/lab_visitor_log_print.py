from odoo import fields, models
from odoo.exceptions import UserError


class LabVisitorLogPrint(models.TransientModel):
    """Print the Visitor Log Book for a range of days (R-CF-05)."""

    _name = "lab.visitor.log.print"
    _description = "Print Visitor Log Book"

    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)

    def action_print(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The last day comes before the first."))
        start = fields.Datetime.to_datetime(self.date_from)
        end = fields.Datetime.to_datetime(self.date_to).replace(hour=23, minute=59, second=59)
        logs = self.env["lab.visitor.log"].search(
            [("check_in", ">=", start), ("check_in", "<=", end)], order="check_in, id"
        )
        if not logs:
            raise UserError(
                self.env._(
                    "Nobody entered the laboratory between %(first)s and %(last)s.",
                    first=self.date_from,
                    last=self.date_to,
                )
            )
        return self.env.ref("lab_confidentiality.action_report_lab_visitor_log").report_action(
            logs, data=None
        )
