from odoo import fields, models


class LabTestReportFile(models.Model):
    """A file of a report as it was released: its SHA-256, frozen with the release, against
    which anyone can check a copy on the public verification page (R-RP-02, issue 20)."""

    _name = "lab.test.report.file"
    _description = "Released Test Report File"
    _inherit = ["lab.protected.mixin"]
    _order = "report_id, id"
    _check_company_auto = True
    # Written once, by the release itself; nobody edits what was released.
    _lab_protected_actions = {
        "action_release": (
            "report_id",
            "attachment_id",
            "name",
            "sha256",
            "file_size",
            "is_stamped",
            "is_signed",
        ),
    }

    report_id = fields.Many2one(
        "lab.test.report", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", required=True, ondelete="restrict", readonly=True
    )
    name = fields.Char(string="File Name", required=True, readonly=True)
    sha256 = fields.Char(string="SHA-256", required=True, readonly=True, index=True)
    file_size = fields.Integer(string="Size (bytes)", readonly=True)
    is_stamped = fields.Boolean(
        string="Stamped",
        readonly=True,
        help="The verification code and QR code were printed on every page of this PDF.",
    )
    is_signed = fields.Boolean(
        string="Digitally Signed",
        readonly=True,
        help="The PDF was signed with the laboratory's certificate at release, after the stamp.",
    )
