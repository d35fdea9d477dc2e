"""The decision becomes a record (lab.complaint.decision, issue 18): keep the decision date of
existing complaints, which the new stored related column would otherwise recompute empty
before post-migrate can copy it."""


def migrate(cr, version):
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'lab_complaint' AND column_name = 'date_decided'"
    )
    if cr.fetchone():
        cr.execute("ALTER TABLE lab_complaint RENAME COLUMN date_decided TO lab_old_date_decided")
