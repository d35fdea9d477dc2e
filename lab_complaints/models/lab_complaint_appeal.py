from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .lab_complaint_intake import ANONYMOUS_AUTHOR


class LabComplaintAppeal(models.AbstractModel):
    """Appeals against a released report, and the legal hold on the evidence of an open
    complaint or appeal (R-RP-04).

    A part of ``lab.complaint``, which inherits it; not used on its own.
    """

    _name = "lab.complaint.appeal"
    _description = "Complaint Appeals and Legal Hold"

    objection_deadline = fields.Date(readonly=True, copy=False)
    is_late = fields.Boolean(
        string="Late Appeal",
        readonly=True,
        copy=False,
        index=True,
        help="Filed after the report's objection deadline: accepted and handled, but flagged.",
    )

    @api.model
    def _check_appeal_reports(self, vals_list):
        """An appeal is against a released report (R-RP-04); checked before anything is written."""
        Report = self.env["lab.test.report"].sudo()
        for vals in vals_list:
            if vals.get("complaint_type") != "appeal":
                continue
            report = Report.browse(vals.get("report_id") or [])
            if not report:
                raise UserError(self.env._("An appeal names the test report it is against."))
            if report.state != "released":
                raise UserError(
                    self.env._(
                        "An appeal concerns a released test report: %(report)s is not released.",
                        report=report.name,
                    )
                )

    def _check_appeals(self):
        for complaint in self.filtered(lambda c: c.complaint_type == "appeal"):
            report = complaint.report_id.sudo()
            deadline = report.objection_deadline
            complaint.sudo()._lab_grant("_check_appeals").write(
                {
                    "objection_deadline": deadline,
                    # filed on the lab's day, as the deadline is counted (issue 17)
                    "is_late": report._lab_is_objection_late(complaint.date_received),
                }
            )
            if complaint.is_late:
                complaint._message_log(
                    body=self.env._(
                        "Late appeal: filed after the objection deadline %(date)s. It is handled "
                        "like any other.",
                        date=deadline,
                    ),
                    author_id=False if complaint.is_anonymous else None,
                    email_from=ANONYMOUS_AUTHOR if complaint.is_anonymous else None,
                )

    def _lab_held_samples(self):
        """Samples an open complaint or appeal keeps as evidence (R-RP-04)."""
        samples = self.env["lab.sample"]
        for complaint in self.sudo():
            if complaint.step != "closed" and complaint.complaint_type in ("complaint", "appeal"):
                samples |= complaint.sample_ids | complaint.report_id.sample_ids
        return samples.with_env(self.env)

    @api.model
    def _lab_sync_legal_hold(self, samples):
        """Put ``samples`` on hold while an open complaint holds them, lift the hold after.

        A narrow system write on the hold fields: whoever files a complaint may not otherwise
        write samples, yet the evidence must be kept.
        """
        samples = samples.sudo()
        if not samples:
            return
        holders = defaultdict(list)
        for complaint in self.sudo().search(
            [
                ("step", "!=", "closed"),
                ("complaint_type", "in", ("complaint", "appeal")),
                "|",
                ("sample_ids", "in", samples.ids),
                ("report_id.sample_ids", "in", samples.ids),
            ]
        ):
            for sample in complaint._lab_held_samples() & samples:
                holders[sample].append(complaint.name)
        by_values = defaultdict(lambda: samples.browse())
        for sample in samples:
            names = holders.get(sample)
            if sample.is_legal_hold and not sample.is_complaint_hold:
                continue  # held for another reason: that hold is not ours to change
            if names:
                note = self.env._(
                    "Open complaint or appeal: %(refs)s", refs=", ".join(sorted(names))
                )
                if not (sample.is_legal_hold and sample.legal_hold_note == note):
                    values = (True, note, True)
                    by_values[values] |= sample
            elif sample.is_complaint_hold:
                by_values[(False, False, False)] |= sample
        for (hold, note, ours), group in by_values.items():
            group._lab_grant("_lab_sync_legal_hold").write(
                {"is_legal_hold": hold, "legal_hold_note": note, "is_complaint_hold": ours}
            )
