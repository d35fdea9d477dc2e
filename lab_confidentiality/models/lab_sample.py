from odoo import models


class LabSample(models.Model):
    _name = "lab.sample"
    _inherit = ["lab.sample", "lab.retention.mixin", "lab.customer.data.mixin"]

    _lab_retention_date_field = "date_received"
    _lab_customer_data_whole_record = False
