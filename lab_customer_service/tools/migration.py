"""Helpers the addons' migration scripts share (they cannot import each other)."""


def set_rule_domains(cr, module, domains):
    """Give the record rules ``{xml name: domain}`` of ``module`` their new domain.

    Record rules are ``noupdate`` data: a database installed before a rule changed keeps the
    old domain unless its migration writes the new one.
    """
    for name, domain in domains.items():
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
            (domain, module, name),
        )
