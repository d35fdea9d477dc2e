"""The acknowledgement no longer repeats the sender's name and subject (issue 16).

It is a ``noupdate`` record, which an update leaves as it is: its new text is loaded here from
the data file, unless an administrator has changed the template since it was installed.
"""

from datetime import timedelta

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools import file_open
from odoo.tools.convert import xml_import

XMLID = "mail_template_complaint_acknowledgement"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(f"lab_complaints.{XMLID}", raise_if_not_found=False)
    if not template or template.write_date > template.create_date + timedelta(minutes=1):
        return
    with file_open("lab_complaints/data/mail_template_data.xml", "rb") as data:
        [record] = etree.parse(data).xpath(f"//record[@id='{XMLID}']")
    xml_import(env, "lab_complaints", {}, mode="init", noupdate=True)._tag_record(record)
