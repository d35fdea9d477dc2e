"""Lighter indexes on lab_sample, for faster batch reception (R-SR-06).

- The code needs no index of its own: the unique constraint on (name, company_id) starts with it.
- Most samples are never disposed of: the disposal link is indexed only where it is set.

Odoo creates missing indexes on update but keeps existing ones as they are, so both are dropped
here and the disposal index comes back in its partial form.
"""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS lab_sample__name_index")
    cr.execute("DROP INDEX IF EXISTS lab_sample__disposal_id_index")
