"""The portal shows a complaint received by email only once its sender is verified (issue 16).

The portal rule is ``noupdate`` data: databases installed before get its new domain here. The
new field's default marks every complaint they hold verified, as it was shown before.
"""

from odoo.addons.lab_customer_service.tools.migration import (
    VERIFIED_SENDER_PORTAL_DOMAIN,
    set_rule_domains,
)


def migrate(cr, version):
    set_rule_domains(
        cr, "lab_complaints", {"lab_complaint_portal_rule": VERIFIED_SENDER_PORTAL_DOMAIN}
    )
