from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LabManagementReview(models.Model):
    """The customer-side figures of one period for management review (R-MR-01).

    Extension point: ``_get_figures()`` returns the report's figures as a list of dicts
    ``{"section", "key", "label", "value", "unit"}`` computed for the record's period
    (``date_from`` to ``date_to``, both included) and company. Another addon adds its own
    figures by overriding it::

        def _get_figures(self):
            return super()._get_figures() + self._get_complaint_figures()

    Each figure (or family of figures) is computed with ONE grouped query (``_read_group``);
    a figure without data in the period is 0, a rate without a denominator is ``None`` (shown
    as "no data"). The PDF renders every figure, grouped by section in the order returned.
    """

    _name = "lab.management.review"
    _description = "Management Review Report"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("Management Review"))
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one("res.users", string="Prepared By", default=lambda self: self.env.user)
    conclusions = fields.Html(help="Decisions and actions agreed in the management review.")
    figures_html = fields.Html(string="Figures", compute="_compute_figures_html", sanitize=False)

    @api.depends("date_from", "date_to", "company_id")
    def _compute_figures_html(self):
        for review in self:
            if not (review.date_from and review.date_to) or review.date_from > review.date_to:
                review.figures_html = False
                continue
            rows = []
            for section, figures in review._get_figure_sections():
                rows.append(
                    Markup('<tr class="table-light"><th colspan="2">%s</th></tr>') % section
                )
                rows.extend(
                    Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>")
                    % (figure["label"], review._format_figure(figure))
                    for figure in figures
                )
            review.figures_html = Markup('<table class="table table-sm">%s</table>') % Markup(
                ""
            ).join(rows)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for review in self:
            if review.date_from > review.date_to:
                raise ValidationError(
                    self.env._(
                        "The period of %(name)s must start before it ends.", name=review.name
                    )
                )

    # ------------------------------------------------------------------ figures
    def _format_figure(self, figure):
        value = figure["value"]
        if value is None:
            return self.env._("no data")
        if isinstance(value, float):
            value = f"{value:.1f}"
        return escape(f"{value} {figure['unit'] or ''}".strip())

    def _period_bounds(self):
        """The period as naive UTC datetimes ``[start, stop)``: from ``date_from`` 00:00 to the
        day after ``date_to`` 00:00 in the time zone of the company's working calendar."""
        self.ensure_one()
        return self.company_id._lab_utc_bounds(self.date_from, self.date_to)

    def _get_figure_sections(self):
        """The figures grouped by section, sections and figures in the order returned."""
        sections = {}
        for figure in self._get_figures():
            sections.setdefault(figure["section"], []).append(figure)
        return list(sections.items())

    @staticmethod
    def _figure(section, key, label, value, unit=""):
        return {"section": section, "key": key, "label": label, "value": value, "unit": unit}

    @staticmethod
    def _rate(part, whole):
        return round(100.0 * part / whole, 1) if whole else None

    def _get_figures(self):
        """See the class docstring: the documented extension point.

        The figures are aggregates of the review's own company, read with ``sudo()``: whoever
        may open a management review (Quality Manager, Deputy, Director) sees the counts of the
        whole lab, not only of the records their own role may open."""
        self.ensure_one()
        return (
            self._get_satisfaction_figures()
            + self._get_feedback_figures()
            + self._get_delivery_figures()
            + self._get_deviation_figures()
            + self._get_request_figures()
            + self._get_customer_need_figures()
        )

    def _get_satisfaction_figures(self):
        _ = self.env._
        start, stop = self._period_bounds()
        section = _("Customer Satisfaction")
        [(count, average)] = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [
                    ("is_lab_survey", "=", True),
                    ("state", "=", "done"),
                    ("test_entry", "=", False),
                    ("end_datetime", ">=", start),
                    ("end_datetime", "<", stop),
                    "|",
                    ("lab_order_id", "=", False),
                    ("lab_order_id.company_id", "=", self.company_id.id),
                ],
                [],
                ["__count", "scoring_percentage:avg"],
            )
        )
        return [
            self._figure(section, "survey_answers", _("Survey answers"), count),
            self._figure(
                section,
                "satisfaction_csat",
                _("Average satisfaction (CSAT)"),
                round(average, 1) if count else None,
                "%",
            ),
        ]

    def _get_feedback_figures(self):
        _ = self.env._
        section = _("Feedback")
        groups = (
            self.env["lab.feedback"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date", ">=", self.date_from),
                    ("date", "<=", self.date_to),
                ],
                ["kind", "is_referred"],
                ["__count"],
            )
        )
        by_kind = {"suggestion": 0, "review": 0, "compliment": 0}
        referred = 0
        for kind, is_referred, count in groups:
            by_kind[kind] += count
            referred += count if is_referred else 0
        return [
            self._figure(section, "feedback_suggestions", _("Suggestions"), by_kind["suggestion"]),
            self._figure(section, "feedback_reviews", _("Reviews"), by_kind["review"]),
            self._figure(section, "feedback_compliments", _("Compliments"), by_kind["compliment"]),
            self._figure(
                section, "feedback_referred", _("Referrals to process improvement"), referred
            ),
        ]

    def _get_delivery_figures(self):
        _ = self.env._
        start, stop = self._period_bounds()
        section = _("Delivery")
        groups = (
            self.env["lab.test.report"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", ("released", "superseded")),
                    ("date_released", ">=", start),
                    ("date_released", "<", stop),
                ],
                ["is_on_time"],
                ["__count"],
            )
        )
        counts = dict(groups)
        total = sum(counts.values())
        on_time = counts.get(True, 0)
        return [
            self._figure(section, "reports_released", _("Reports released"), total),
            self._figure(section, "reports_on_time", _("Reports released on time"), on_time),
            self._figure(
                section, "on_time_rate", _("On-time delivery rate"), self._rate(on_time, total), "%"
            ),
        ]

    def _get_deviation_figures(self):
        _ = self.env._
        start, stop = self._period_bounds()
        section = _("Deviations")
        [(delays,)] = (
            self.env["lab.delay.notice"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("notified_on", ">=", start),
                    ("notified_on", "<", stop),
                ],
                [],
                ["order_id:count_distinct"],
            )
        )
        [(rejected,)] = (
            self.env["lab.sample"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "rejected"),
                    ("date_received", ">=", start),
                    ("date_received", "<", stop),
                ],
                [],
                ["__count"],
            )
        )
        return [
            self._figure(
                section, "delay_notices", _("Orders whose customer was told of a delay"), delays
            ),
            self._figure(section, "samples_rejected", _("Samples rejected at reception"), rejected),
        ]

    def _get_request_figures(self):
        _ = self.env._
        start, stop = self._period_bounds()
        section = _("Customer Requests")
        groups = (
            self.env["lab.customer.request"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date_received", ">=", start),
                    ("date_received", "<", stop),
                    ("state", "!=", "cancelled"),
                ],
                ["state", "is_answered_on_time"],
                ["__count"],
            )
        )
        total = answered = on_time = 0
        for state, is_on_time, count in groups:
            total += count
            if state == "answered":
                answered += count
                on_time += count if is_on_time else 0
        return [
            self._figure(section, "requests_received", _("Requests received"), total),
            self._figure(section, "requests_answered", _("Requests answered"), answered),
            self._figure(
                section, "requests_answered_on_time", _("Requests answered on time"), on_time
            ),
            self._figure(
                section,
                "requests_on_time_rate",
                _("Requests answered on time (rate)"),
                self._rate(on_time, total),
                "%",
            ),
        ]

    def _get_customer_need_figures(self):
        """R-SV-05: customers' needs recorded in the period, and reviewed for process changes."""
        _ = self.env._
        start, stop = self._period_bounds()
        section = _("Customer Needs")
        Need = self.env["lab.customer.need"].sudo()
        company = [("company_id", "=", self.company_id.id)]
        [(recorded,)] = Need._read_group(
            [*company, ("create_date", ">=", start), ("create_date", "<", stop)],
            [],
            ["__count"],
        )
        reviewed = dict(
            Need._read_group(
                [
                    *company,
                    ("last_reviewed_on", ">=", self.date_from),
                    ("last_reviewed_on", "<=", self.date_to),
                ],
                ["review_outcome"],
                ["__count"],
            )
        )
        return [
            self._figure(section, "needs_recorded", _("Customer needs recorded"), recorded),
            self._figure(section, "needs_reviewed", _("Needs reviewed"), sum(reviewed.values())),
            self._figure(
                section,
                "needs_process_changes",
                _("Process changes decided"),
                reviewed.get("process_change", 0),
            ),
        ]

    def _get_customer_need_changes(self):
        """The process changes decided in the period, for the report (R-SV-05)."""
        self.ensure_one()
        return (
            self.env["lab.customer.need"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("review_outcome", "=", "process_change"),
                    ("last_reviewed_on", ">=", self.date_from),
                    ("last_reviewed_on", "<=", self.date_to),
                ],
                order="last_reviewed_on, id",
            )
        )

    def action_print(self):
        return self.env.ref(
            "lab_customer_service.action_report_lab_management_review"
        ).report_action(self)
