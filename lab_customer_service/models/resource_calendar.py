from datetime import datetime, time, timedelta

import pytz

from odoo import models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _lab_working_day_after(self, start, days):
        """The date that is the ``days``-th working day after the day of ``start`` (R-RP-04).

        The day of ``start`` is not counted. Weekends and the calendar's global leaves (public
        holidays) are skipped. ``start`` is a naive UTC datetime, as stored by Odoo.
        """
        self.ensure_one()
        tz = pytz.timezone(self.tz or "UTC")
        local_day = pytz.utc.localize(start).astimezone(tz).date()
        next_day = tz.localize(datetime.combine(local_day + timedelta(days=1), time.min))
        end = self.plan_days(days, next_day, compute_leaves=True)
        if not end:
            return local_day + timedelta(days=days)
        return end.astimezone(tz).date()

    def _lab_local_date(self, moment):
        """The day ``moment`` (naive UTC) falls on in this calendar's time zone; UTC for no
        calendar. Laboratory dates follow the company calendar, not the server or the user."""
        tz = pytz.timezone((self[:1].tz if self else None) or "UTC")
        return pytz.utc.localize(moment).astimezone(tz).date()
