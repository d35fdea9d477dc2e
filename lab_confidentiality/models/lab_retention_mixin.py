from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from .lab_retention_class import DEFAULT_RETENTION_YEARS


class LabRetentionMixin(models.AbstractModel):
    """Records kept for their retention period (R-RC-01).

    A model inheriting this mixin cannot be deleted before its retention ends, nor while it is under
    legal hold, and its chatter messages and tracking values can be neither deleted nor rewritten
    (see ``mail.message``). Once retention has started, the date it started from can no longer
    change (an emptied date would make the record deletable, and its history with it), and the
    record's files are frozen with it (see ``ir.attachment``). To protect another model, add
    ``lab.retention.mixin`` to its ``_inherit`` and, if it should not follow the default class,
    list it in a retention class.
    """

    _name = "lab.retention.mixin"
    _description = "Laboratory Record Retention"

    # Marker read by the mail.message guard through the model class.
    _lab_retention_protected = True
    # The date from which retention runs. A record whose date is empty (a report not yet released,
    # an NDA never given an expiry) is not yet a record of the procedure and is not protected.
    _lab_retention_date_field = "create_date"

    lab_retention_until = fields.Date(
        string="Record Kept Until",
        compute="_compute_lab_retention_until",
        help="The record cannot be deleted before this day. Empty: kept permanently.",
    )

    def _compute_lab_retention_until(self):
        rclass = self.env["lab.retention.class"]._for_model(self._name)
        for record in self:
            start = record._lab_retention_start()
            record.lab_retention_until = start and rclass._retention_end(start)

    def _lab_retention_start(self):
        """The day retention starts for this record; False while it is not yet a record."""
        self.ensure_one()
        return self[self._lab_retention_date_field]

    @api.model
    def _lab_retention_cutoff(self):
        """Records that started before this day have ended their retention; False: never."""
        rclass = self.env["lab.retention.class"]._for_model(self._name)
        if rclass.is_permanent:
            return False
        years = rclass.retention_years if rclass else DEFAULT_RETENTION_YEARS
        return fields.Date.context_today(self) - relativedelta(years=years, days=-1)

    def _lab_retention_blocked(self):
        """The records of ``self`` that must still be kept."""
        rclass = self.env["lab.retention.class"]._for_model(self._name)
        today = fields.Date.context_today(self)
        held = self.filtered(lambda r: "is_legal_hold" in r._fields and r.is_legal_hold)
        started = self.filtered(lambda r: r._lab_retention_start())
        if rclass.is_permanent:
            return held | started
        return held | started.filtered(lambda r: r.lab_retention_until > today)

    def _lab_retention_check_unlink(self):
        blocked = self.sudo()._lab_retention_blocked()
        if not blocked:
            return
        record = blocked[0]
        if "is_legal_hold" in record._fields and record.is_legal_hold:
            raise UserError(
                self.env._(
                    "%(record)s is under legal hold and cannot be deleted or disposed of.",
                    record=record.display_name,
                )
            )
        if not record.lab_retention_until:
            raise UserError(
                self.env._(
                    "%(record)s is kept permanently and cannot be deleted.",
                    record=record.display_name,
                )
            )
        raise UserError(
            self.env._(
                "%(record)s must be kept until %(date)s and cannot be deleted before then.",
                record=record.display_name,
                date=record.lab_retention_until,
            )
        )

    def _lab_attachments_frozen(self):
        """A record that must still be kept keeps its files as they are (``ir.attachment``).

        ``lab.protected.mixin`` defines this too, for frozen states; a model may inherit both.
        """
        parent = super()
        frozen = (
            parent._lab_attachments_frozen()
            if hasattr(parent, "_lab_attachments_frozen")
            else self.browse()
        )
        return frozen | self._lab_retention_blocked()

    def _lab_check_retention_start(self, vals):
        """Refuse to move or empty the date a started retention runs from (R-RC-01)."""
        fname = self._lab_retention_date_field
        if fname not in vals or self.env.uid == SUPERUSER_ID:
            return
        field = self._fields[fname]
        for record in self.sudo():
            if not record._lab_retention_start():
                continue
            new = field.convert_to_record(field.convert_to_cache(vals[fname], record), record)
            if new != record[fname]:
                raise UserError(
                    self.env._(
                        "%(record)s is kept from its %(field)s (%(date)s): that date can no "
                        "longer change.",
                        record=record.display_name,
                        field=field._description_string(self.env),
                        date=record[fname],
                    )
                )

    def write(self, vals):
        self._lab_check_retention_start(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_retention(self):
        self._lab_retention_check_unlink()
