"""The public form's counters hold an hour, no longer the second of each post (issue 16).

The old rows count for an hour at most: they are dropped, so that the new columns can be required.
"""


def migrate(cr, version):
    cr.execute("SELECT to_regclass('lab_complaint_rate_limit')")
    if cr.fetchone()[0]:
        cr.execute("DELETE FROM lab_complaint_rate_limit")
