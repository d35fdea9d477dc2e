"""Notices go to the person they greet (issue 17): the module's mail templates no longer mail
the record's default customer (see ``set_templates_default_to_off``)."""

from odoo.addons.lab_customer_service.tools.migration import set_templates_default_to_off

TEMPLATES = (
    "mail_template_lab_deviation",
    "mail_template_lab_revision",
    "mail_template_lab_subcontract",
    "mail_template_lab_request_answer",
    "mail_template_lab_order_delay",
    "mail_template_sample_rejection",
    "mail_template_report_released",
    "mail_template_report_revised",
)


def migrate(cr, version):
    set_templates_default_to_off(cr, "lab_customer_service", TEMPLATES)
