"""Notices go to the person they greet (issue 17).

Odoo 19 mail templates default to ``use_default_to``: they mail the record's default customer
(for most lab records the customer company) and ignore ``partner_to``. The templates now set
``use_default_to`` to False; they are ``noupdate`` data, so databases installed before get it here.
"""

TEMPLATES = (
    "mail_template_lab_nda_to_sign",
    "mail_template_lab_nda_expiry",
    "mail_template_lab_visit_approved",
)


def migrate(cr, version):
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
        ("lab_confidentiality", TEMPLATES),
    )
