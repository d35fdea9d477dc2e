"""Notices go to the person they greet (issue 17), and the acknowledgement no longer repeats the
sender's name and subject (issue 16).

Odoo 19 mail templates default to ``use_default_to``: they mail the record's default customer
(for most lab records the customer company) and ignore ``partner_to``. The templates now set
``use_default_to`` to False. They are ``noupdate`` records, which an update leaves as they are:
the acknowledgement's new text is loaded here from the data file (unless an administrator has
changed the template since it was installed), and every template gets ``use_default_to``.
"""

from datetime import timedelta

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools import file_open
from odoo.tools.convert import xml_import

from odoo.addons.lab_customer_service.tools.migration import set_templates_default_to_off

ACKNOWLEDGEMENT = "mail_template_complaint_acknowledgement"
TEMPLATES = (
    ACKNOWLEDGEMENT,
    "mail_template_complaint_progress",
    "mail_template_complaint_outcome",
)


def _reload_acknowledgement(env):
    template = env.ref(f"lab_complaints.{ACKNOWLEDGEMENT}", raise_if_not_found=False)
    if not template or template.write_date > template.create_date + timedelta(minutes=1):
        return
    with file_open("lab_complaints/data/mail_template_data.xml", "rb") as data:
        [record] = etree.parse(data).xpath(f"//record[@id='{ACKNOWLEDGEMENT}']")
    xml_import(env, "lab_complaints", {}, mode="init", noupdate=True)._tag_record(record)


def migrate(cr, version):
    _reload_acknowledgement(api.Environment(cr, SUPERUSER_ID, {}))
    set_templates_default_to_off(cr, "lab_complaints", TEMPLATES)
