from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.lab_customer_service.models.lab_roles import QUALITY_MANAGER

from .lab_retention_class import DEFAULT_RETENTION_YEARS


class DisposalGrant:
    """The records the disposal action is deleting (R-RC-02).

    It travels in the context as a Python object, which no JSON-RPC request can carry: a kept
    record is deleted only by ``_lab_dispose``, which has registered it first.
    """

    __slots__ = ("ids", "model")

    def __init__(self, model, ids):
        self.model = model
        self.ids = frozenset(ids)


DISPOSAL_KEY = "lab_disposal_grant"


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

    def _lab_check_disposal_path(self):
        """A kept record leaves only through the disposal register (R-RC-02): who disposed of
        it, when and why. Drafts that never became records are deleted as before; the superuser
        (data files, migrations, ``odoo shell``) is not asked."""
        if self.env.uid == SUPERUSER_ID:
            return
        grant = self.env.context.get(DISPOSAL_KEY)
        granted = (
            grant.ids if isinstance(grant, DisposalGrant) and grant.model == self._name else ()
        )
        kept = self.sudo().filtered(lambda r: r.id not in granted and r._lab_retention_start())
        if kept:
            raise UserError(
                self.env._(
                    "%(record)s is a record kept under the retention rules: it can only be "
                    "disposed of with “Dispose of Expired Records”, which registers who disposed "
                    "of it, when and why.",
                    record=kept[0]._lab_disposal_reference(),
                )
            )

    def _lab_check_deletable(self):
        self._lab_retention_check_unlink()
        self._lab_check_disposal_path()

    def _lab_disposal_reference(self):
        """What the disposal register keeps of a record: its code, never a person's name."""
        self.ensure_one()
        name = self._fields.get("name")
        if name and name.type == "char" and self.name and self.name != "/":
            return self.name
        return self.env._("%(type)s #%(id)s", type=self._description, id=self.id)

    @api.model
    def _lab_expired_records(self):
        """The records of this type, readable by the caller, whose retention has ended."""
        cutoff = self._lab_retention_cutoff()
        if not cutoff:
            return self.browse()
        fname = self._lab_retention_date_field
        # The start may come later than this field (a complaint runs from its closing): the
        # search only narrows, the retention end decides.
        candidates = self.search([(fname, "!=", False), (fname, "<", cutoff)])
        return candidates - candidates._lab_retention_blocked()

    def _lab_dispose(self, reason):
        """Delete these records, whose retention has ended, and register each (R-RC-02)."""
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group(QUALITY_MANAGER):
            raise AccessError(
                self.env._("Only the Quality Manager or the Director may dispose of records.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Give the reason for the disposal: it is kept in the disposal register.")
            )
        if not self:
            raise UserError(self.env._("There is no record to dispose of."))
        self._lab_retention_check_unlink()
        now = fields.Datetime.now()
        rclass = self.env["lab.retention.class"]._for_model(self._name)
        self.env["lab.record.disposal"]._lab_register(
            [
                {
                    "res_model": self._name,
                    "record_type": self._description,
                    "res_id": record.id,
                    "reference": record._lab_disposal_reference(),
                    "retention_class_id": rclass.id,
                    "retention_until": record.lab_retention_until,
                    "disposed_by_id": self.env.uid,
                    "disposed_on": now,
                    "reason": reason,
                    "company_id": ("company_id" in record._fields and record.company_id.id)
                    or self.env.company.id,
                }
                for record in self.sudo()
            ]
        )
        # Deleted as the caller: its access rights and record rules still apply.
        return self.with_context(**{DISPOSAL_KEY: DisposalGrant(self._name, self.ids)}).unlink()

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

    def unlink(self):
        # The record-keeping reason comes before the access rights' refusal (which says only
        # that no group may delete, for records no role deletes by hand), to whoever may read.
        if not self.env.context.get(MODULE_UNINSTALL_FLAG) and self.has_access("read"):
            self._lab_check_deletable()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_retention(self):
        self._lab_check_deletable()
