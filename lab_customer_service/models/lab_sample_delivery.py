from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.mail.models.mail_thread import MailThread

from .lab_protected_mixin import LabProtectedMixin
from .lab_sample import LabSample

# Many2many fields that a batch reception fills with the same tests for every sample.
BATCH_LINK_FIELDS = ("test_ids",)

# The methods through which Odoo creates a sample, and the classes whose versions of them the bulk
# insert of a delivery reproduces. When any other class defines one of them for lab.sample (a
# module overriding ``create``, an automated action patching it), every sample of a delivery goes
# through ``create`` instead: the bulk insert never skips code it does not know.
REVIEWED_CREATE_METHODS = {
    "create": (models.BaseModel, MailThread, LabProtectedMixin, LabSample),
    "_create": (models.BaseModel,),
    "_prepare_create_values": (models.BaseModel,),
    "_add_precomputed_values": (models.BaseModel,),
    "_add_missing_default_values": (models.BaseModel, LabSample),
}

# Chatter of a delivery: one line on the order, not one message per sample.
DELIVERY_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
}


class LabSampleDelivery(models.Model):
    """A delivery of samples registered at once (R-SR-06)."""

    _inherit = "lab.sample"

    @api.model
    def _lab_create_delivery(self, vals, descriptions=(), count=0):
        """Register ``count`` samples with ``vals``, or one per line of ``descriptions``.

        The samples of a delivery differ only by their code and description, so they are one
        ``INSERT ... SELECT`` from an array of codes: no value is converted, cached or sent once
        per sample. Everything ``create`` checks is checked as for any create (access rights and
        rules, field groups, the order, companies, Python constraints), and what depends on the
        new samples is recomputed as after any create. Where this cannot be guaranteed (see
        ``_lab_bulk_insert_allowed``), every sample goes through ``create``.

        Returns the new samples.
        """
        self = self.with_context(**DELIVERY_CONTEXT)
        descriptions = list(descriptions)
        count = len(descriptions) or count

        def create_each():
            return self.create(
                [dict(vals, description=line) for line in descriptions]
                or [dict(vals) for _i in range(count)]
            )

        if not count or not self._lab_bulk_insert_allowed(vals):
            return create_each()

        self.check_access("create")
        vals = dict(vals)
        self._lab_check_report_links([vals], create=True)
        self._lab_orders([vals])._lab_check_work_allowed("reception")  # R-CR-03
        self._lab_check_orders([vals])
        self._lab_fill_company([vals])
        self._lab_default_tests([vals])
        self._lab_prefill_expected_date([vals])
        filled = self._lab_fill_customer_and_area([vals])
        for fname in {*vals, *self._lab_context_default_fields()}:
            self._check_field_access(self._fields[fname], "write")
        [links] = self._lab_pop_links([vals])
        # what lab.protected.mixin's create checks: a sample starts as received, unchecked,
        # unheld, whatever the values or the context's defaults say (issue 15)
        self._lab_check_protected_create([vals])
        [row] = self._prepare_create_values([vals])
        if row.pop("__precomputed__", None) or any(
            not (self._fields[fname].store and self._fields[fname].column_type) for fname in row
        ):
            return create_each()

        # R-SR-02: the codes of the order's company, not of the company the user works in
        company = self.env["res.company"].browse(row.get("company_id")) or self.env.company
        codes = self.env["ir.sequence"]._lab_next_codes("lab.sample", count, company)
        varying = {"name": codes}
        if descriptions:
            varying["description"] = descriptions
        samples = self.browse(self._lab_insert_delivery(row, varying))

        # the order's cached list of samples, and the like, no longer hold
        for fname, value in row.items():
            field = self._fields[fname]
            inverses = self.pool.field_inverses[field] if field.type == "many2one" else ()
            if value and inverses:
                self.env[field.comodel_name].browse(value).invalidate_recordset(
                    [inverse.name for inverse in inverses]
                )
        # As after Odoo's create: what depends on the new samples is marked for recomputation,
        # except the computed values filled in above (and an expected date agreed beforehand).
        given = [self._fields[fname] for fname in row if self._fields[fname].compute]
        given += [self._fields[fname] for fname in filled]
        with self.env.protecting(given, samples):
            samples.modified(self._fields, create=True)
            samples._lab_write_links([links] * len(samples))
        samples._validate_fields([*row, *varying])
        if self._check_company_auto:
            # the samples differ only by their code and description: one stands for them all
            self.browse(samples.ids[:1])._check_company()
        samples.check_access("create")
        return samples

    @api.model
    def _lab_bulk_insert_allowed(self, vals):
        """Whether ``_lab_create_delivery`` may insert the samples itself."""
        if (
            self._inherits
            or self.env.context.get("_import_current_module")
            or "name" in vals  # a code typed by hand: one sample only, and create checks it
            or any(field.precompute for field in self._fields.values())
        ):
            return False
        return all(
            klass in reviewed
            for method, reviewed in REVIEWED_CREATE_METHODS.items()
            for klass in type(self).__mro__
            if method in vars(klass)
        )

    @api.model
    def _lab_context_default_fields(self):
        """The fields given a default in the context: ``create`` checks the user may write them."""
        return [
            key[8:]
            for key in self.env.context
            if key.startswith("default_") and key[8:] in self._fields
        ]

    @api.model
    def _lab_insert_delivery(self, row, varying):
        """Insert one sample per position of the ``varying`` arrays, with ``row`` for the other
        columns; returns the new ids."""
        row = {fname: value for fname, value in row.items() if fname not in varying}

        def cast(fname, suffix=""):
            return SQL(self._fields[fname].column_type[1] + suffix)

        self.env.cr.execute(
            SQL(
                "INSERT INTO %(table)s (%(columns)s) SELECT %(values)s "
                "FROM unnest(%(arrays)s) AS delivery(%(names)s) RETURNING id",
                table=SQL.identifier(self._table),
                columns=SQL(", ").join(map(SQL.identifier, [*row, *varying])),
                values=SQL(", ").join(
                    [
                        SQL(
                            "%s::%s",
                            self._fields[fname].convert_to_column_insert(value, self, row),
                            cast(fname),
                        )
                        for fname, value in row.items()
                    ]
                    + [SQL.identifier("delivery", fname) for fname in varying]
                ),
                arrays=SQL(", ").join(
                    SQL("%s::%s", values, cast(fname, "[]")) for fname, values in varying.items()
                ),
                names=SQL(", ").join(map(SQL.identifier, varying)),
            )
        )
        return sorted(id_ for (id_,) in self.env.cr.fetchall())

    def _lab_pop_links(self, vals_list):
        """Take the test links out of ``vals_list`` when they are a plain "set" command.

        A delivery of thousands of samples links each of them to the same tests: the ORM would
        build one row per link in Python; ``_lab_write_links`` inserts them all in one query per
        field instead (R-SR-06).
        """
        links, checked, targets = [], set(), {}
        for vals in vals_list:
            link = {}
            for fname in BATCH_LINK_FIELDS:
                commands = vals.get(fname)
                if (
                    isinstance(commands, (list, tuple))
                    and len(commands) == 1
                    and isinstance(commands[0], (list, tuple))
                    and commands[0][0] == fields.Command.SET
                ):
                    if fname not in checked:
                        # the field-level access check the ORM would have made
                        self._check_field_access(self._fields[fname], "write")
                        checked.add(fname)
                    # a batch usually shares one command list between all its samples
                    key = id(commands)
                    if key not in targets:
                        targets[key] = (commands, tuple(dict.fromkeys(commands[0][2])))
                    link[fname] = targets[key][1]
                    del vals[fname]
            links.append(link)
        return links

    def _lab_write_links(self, links):
        """Insert the test links popped by ``_lab_pop_links``, in one query per field.

        The samples of one delivery share their tests: they are linked by the cross product of
        two id arrays; samples with different tests by a list of pairs.
        """
        for fname in BATCH_LINK_FIELDS:
            field = self._fields[fname]
            groups = defaultdict(list)
            for sample_id, link in zip(self.ids, links, strict=True):
                if link.get(fname):
                    groups[link[fname]].append(sample_id)
            if not groups:
                continue
            self.env[field.comodel_name].browse(
                {target for targets in groups for target in targets}
            ).check_access("read")
            if len(groups) == 1:
                [(targets, sample_ids)] = groups.items()
                rows = SQL(
                    "SELECT s, t FROM unnest(%s::int[]) s, unnest(%s::int[]) t",
                    sample_ids,
                    list(targets),
                )
            else:
                pairs = [(s, t) for targets, ids in groups.items() for s in ids for t in targets]
                rows = SQL(
                    "SELECT * FROM unnest(%s::int[], %s::int[])",
                    [s for s, _t in pairs],
                    [t for _s, t in pairs],
                )
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s, %s) %s",
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                    SQL.identifier(field.column2),
                    rows,
                )
            )
            self.invalidate_recordset([fname])
            self.modified([fname])
