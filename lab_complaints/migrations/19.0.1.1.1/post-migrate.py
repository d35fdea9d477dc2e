"""The portal shows a complaint received by email only once its sender is verified (issue 16).

The portal rule is ``noupdate`` data: databases installed before get its new domain here. The
new field's default marks every complaint they hold verified, as it was shown before.
"""

RULES = {
    "lab_complaint_portal_rule": (
        "[('partner_id', 'child_of', [user.commercial_partner_id.id]), "
        "('is_sender_verified', '=', True)]"
    ),
}


def migrate(cr, version):
    for name, domain in RULES.items():
        cr.execute(
            """
            UPDATE ir_rule r
               SET domain_force = %s
              FROM ir_model_data d
             WHERE d.model = 'ir.rule'
               AND d.res_id = r.id
               AND d.module = %s
               AND d.name = %s
            """,
            (domain, "lab_complaints", name),
        )
