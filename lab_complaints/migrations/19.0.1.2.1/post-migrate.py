"""The public form counts in lab_customer_service's ``lab.rate.limit`` (issue 18).

Its own counter model is gone; Odoo removes the model's records but not its table. The rows
counted one hour at most: they go with it, and the form starts the hour afresh.
"""


def migrate(cr, version):
    cr.execute("DROP TABLE IF EXISTS lab_complaint_rate_limit")
