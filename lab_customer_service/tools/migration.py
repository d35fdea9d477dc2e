"""Helpers the addons' migration scripts share (they cannot import each other)."""

# The portal rule of a record whose sender must be verified (lab.sender.verification.mixin,
# issue 16): the customer's own records, once their sender is verified.
VERIFIED_SENDER_PORTAL_DOMAIN = (
    "[('partner_id', 'child_of', [user.commercial_partner_id.id]), "
    "('is_sender_verified', '=', True)]"
)


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


def set_templates_default_to_off(cr, module, templates):
    """Set ``use_default_to`` to False on the mail templates ``templates`` (xml names) of
    ``module`` (issue 17).

    Odoo 19 mail templates default to ``use_default_to``: they mail the record's default
    customer and ignore ``partner_to``. Templates are ``noupdate`` data: a database installed
    before they set it keeps the default unless its migration writes it.
    """
    cr.execute(
        """
        UPDATE mail_template t
           SET use_default_to = FALSE
          FROM ir_model_data d
         WHERE d.model = 'mail.template'
           AND d.res_id = t.id
           AND d.module = %s
           AND d.name IN %s
        """,
        (module, tuple(templates)),
    )
