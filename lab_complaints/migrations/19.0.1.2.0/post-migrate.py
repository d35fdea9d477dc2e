"""One lab.complaint.decision per decided complaint, from the columns the complaint kept
(issue 18); then the complaint shows it, and the old columns go."""

from odoo import SUPERUSER_ID, api

OLD_COLUMNS = (
    "decision",
    "decision_director_id",
    "decision_quality_manager_id",
    "impartiality_check",
    "lab_old_date_decided",
)


def migrate(cr, version):
    cr.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'lab_complaint' AND column_name IN %s",
        [OLD_COLUMNS],
    )
    if cr.fetchone()[0] != len(OLD_COLUMNS):
        return
    cr.execute(
        """
        INSERT INTO lab_complaint_decision (
            complaint_id, company_id, director_id, quality_manager_id, outcome,
            impartiality_check, date_decided, recorded_by_id,
            create_uid, create_date, write_uid, write_date)
        SELECT c.id, c.company_id, c.decision_director_id, c.decision_quality_manager_id,
               COALESCE(c.decision, ''), COALESCE(c.impartiality_check, ''),
               COALESCE(c.lab_old_date_decided, c.write_date), c.write_uid,
               c.write_uid, c.write_date, c.write_uid, c.write_date
          FROM lab_complaint c
         WHERE c.decision_director_id IS NOT NULL
           AND c.decision_quality_manager_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM lab_complaint_decision d WHERE d.complaint_id = c.id)
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    complaints = env["lab.complaint"].with_context(active_test=False).search([])
    # what depends on the decisions (decision_id, then date_decided) is recomputed at flush
    complaints.modified(["decision_ids"])
    env.flush_all()
    cr.execute(
        "ALTER TABLE lab_complaint "
        + ", ".join(f"DROP COLUMN IF EXISTS {column}" for column in OLD_COLUMNS)
    )
