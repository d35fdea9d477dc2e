from odoo import api, models
from odoo.exceptions import UserError


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _lab_next_codes(self, code, count, company):
        """Draw ``count`` codes of sequence ``code`` for ``company`` at once (R-SR-02, R-SR-06).

        A standard sequence is a PostgreSQL sequence, so one ``nextval`` over ``generate_series``
        reserves the whole batch in one query and stays unique under concurrent registrations.
        Sequences configured as "no gap" or per date range keep Odoo's own path, one at a time.
        """
        if not count:
            return []
        sequence = (
            self.sudo()
            .with_company(company)
            .search(
                [("code", "=", code), ("company_id", "in", [company.id, False])],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            raise UserError(self.env._("No sequence with code %(code)s is configured.", code=code))
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _i in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            ["ir_sequence_%03d" % sequence.id, count],
        )
        numbers = sorted(row[0] for row in self.env.cr.fetchall())
        prefix, suffix = sequence._get_prefix_suffix()
        pattern = "%%0%dd" % sequence.padding
        return [prefix + pattern % number + suffix for number in numbers]

    @api.model
    def _lab_assign_codes(self, code, vals_list):
        """Give every values of ``vals_list`` without a reference (none, or "/") the next code of
        sequence ``code`` for the current company, all drawn at once."""
        todo = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        codes = self._lab_next_codes(code, len(todo), self.env.company)
        for vals, name in zip(todo, codes, strict=True):
            vals["name"] = name
