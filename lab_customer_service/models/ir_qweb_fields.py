import datetime

import pytz

from odoo import api, fields, models
from odoo.tools.misc import format_date


class IrQwebFieldLabDatetime(models.AbstractModel):
    """The widget ``lab_datetime``: a moment as the lab lives it, in the time zone of the
    company's working calendar, the reader's date format and a 24-hour clock.

    A printed record is read away from any browser: the user's own time zone (often unset,
    hence UTC) and the 12-hour clock of some languages have no place on it. The company is the
    record's own when it has one, else the option ``company``, else the current one::

        <span t-field="doc.date_received" t-options="{'widget': 'lab_datetime'}"/>
    """

    _name = "ir.qweb.field.lab_datetime"
    _description = "QWeb Field: Date and Time in the Lab's Time Zone"
    _inherit = ["ir.qweb.field"]

    @api.model
    def _lab_company(self, options):
        return options.get("company") or self.env.company

    @api.model
    def record_to_html(self, record, field_name, options):
        if "company" not in options and "company_id" in record._fields and record.company_id:
            options = dict(options, company=record.company_id)
        return super().record_to_html(record, field_name, options)

    @api.model
    def value_to_html(self, value, options):
        return self._lab_company(options)._lab_format_datetime(value)


class IrQwebFieldLabDate(models.AbstractModel):
    """The widget ``lab_date``: the day, in the reader's date format, of a date or of a moment
    as the lab's calendar counts it (a complaint received at 23:30 UTC in Istanbul was received
    the next day)."""

    _name = "ir.qweb.field.lab_date"
    _description = "QWeb Field: Date in the Lab's Time Zone"
    _inherit = ["ir.qweb.field.lab_datetime"]

    @api.model
    def value_to_html(self, value, options):
        if not value:
            return ""
        if isinstance(value, str):
            value = (
                fields.Datetime.to_datetime(value)
                if len(value) > 10
                else fields.Date.to_date(value)
            )
        if isinstance(value, datetime.datetime):
            tz = self._lab_company(options)._lab_tz()
            value = pytz.utc.localize(value).astimezone(tz).date()
        return format_date(self.env, value, lang_code=self.user_lang().code)
