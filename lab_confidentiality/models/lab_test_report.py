from odoo import models


class LabTestReport(models.Model):
    _name = "lab.test.report"
    _inherit = ["lab.test.report", "lab.retention.mixin", "lab.customer.data.mixin"]

    _lab_retention_date_field = "date_released"
    _lab_customer_data_whole_record = False
