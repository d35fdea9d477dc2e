"""Notices go to the person they greet (issue 17): the module's mail templates no longer mail
the record's default customer (see ``set_templates_default_to_off``)."""

from odoo.addons.lab_customer_service.tools.migration import set_templates_default_to_off

TEMPLATES = (
    "mail_template_lab_nda_to_sign",
    "mail_template_lab_nda_expiry",
    "mail_template_lab_visit_approved",
)


def migrate(cr, version):
    set_templates_default_to_off(cr, "lab_confidentiality", TEMPLATES)
