"""The portal shows a complaint received by email only once its sender is verified (issue 16).

The portal rule is ``noupdate`` data: databases installed before get its new domain here. The
new field's default marks every complaint they hold verified, as it was shown before.
"""

from odoo.addons.lab_customer_service.tools.migration import set_rule_domains

RULES = {
    "lab_complaint_portal_rule": (
        "[('partner_id', 'child_of', [user.commercial_partner_id.id]), "
        "('is_sender_verified', '=', True)]"
    ),
}


def migrate(cr, version):
    set_rule_domains(cr, "lab_complaints", RULES)
