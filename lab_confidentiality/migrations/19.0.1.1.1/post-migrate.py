"""Personal signing links for confidentiality agreements (R-CF-01, issue 16).

An agreement no longer has a portal token: the token was on the pages of all the customer's
portal users and let anyone holding it sign in the signatory's name. The tokens already made
are cleared, and the old mail template, which linked to the token, is removed (its successor,
``mail_template_lab_nda_signing_link``, is new data and is loaded by the update).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute("UPDATE lab_nda SET access_token = NULL WHERE access_token IS NOT NULL")
    env = api.Environment(cr, SUPERUSER_ID, {})
    old = env.ref("lab_confidentiality.mail_template_lab_nda_to_sign", raise_if_not_found=False)
    if old:
        old.unlink()
