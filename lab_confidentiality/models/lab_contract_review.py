from odoo import models


class LabContractReview(models.Model):
    """Contract reviews are records kept for their retention period (R-RC-01, 17025 §7.1.8)."""

    _name = "lab.contract.review"
    _inherit = ["lab.contract.review", "lab.retention.mixin"]

    # A review is a record once approved: before that it may still be sent back to draft, which
    # empties its review date (and a retention start never changes once set).
    _lab_retention_date_field = "date_approved"


class LabOrderRevision(models.Model):
    _name = "lab.order.revision"
    _inherit = ["lab.order.revision", "lab.retention.mixin"]

    _lab_retention_date_field = "date"


class LabOrderDeviation(models.Model):
    _name = "lab.order.deviation"
    _inherit = ["lab.order.deviation", "lab.retention.mixin"]
