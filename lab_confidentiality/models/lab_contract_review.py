from odoo import models


class LabContractReview(models.Model):
    """Contract reviews are records kept for their retention period (R-RC-01, 17025 §7.1.8)."""

    _name = "lab.contract.review"
    _inherit = ["lab.contract.review", "lab.retention.mixin"]

    # A review that nobody has submitted yet is a draft, not yet a record.
    _lab_retention_date_field = "date_reviewed"


class LabOrderRevision(models.Model):
    _name = "lab.order.revision"
    _inherit = ["lab.order.revision", "lab.retention.mixin"]

    _lab_retention_date_field = "date"


class LabOrderDeviation(models.Model):
    _name = "lab.order.deviation"
    _inherit = ["lab.order.deviation", "lab.retention.mixin"]
