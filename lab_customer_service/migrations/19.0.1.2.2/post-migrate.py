"""Delay notices become records (R-CM-03, issue 18).

Each order's last delay notice was two columns on the order (``lab_delay_notified_date``,
``lab_delay_notified_on``): it becomes a ``lab.delay.notice`` record, the order's "still to
notify" flag is set from it, and the old columns and their index are dropped. Earlier notices
of an order were not kept apart before; the mails themselves stay in the order's chatter.
"""

from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not column_exists(cr, "sale_order", "lab_delay_notified_date"):
        return
    cr.execute(
        """
        INSERT INTO lab_delay_notice (
            order_id, company_id, partner_id, recipient_id, expected_date, delay_state,
            notified_on, create_uid, create_date, write_uid, write_date
        )
        SELECT so.id, so.company_id, COALESCE(p.commercial_partner_id, p.id), so.partner_id,
               so.lab_delay_notified_date,
               CASE WHEN COALESCE(so.lab_delay_notified_on, so.write_date)::date
                         > so.lab_delay_notified_date
                    THEN 'late' ELSE 'at_risk' END,
               COALESCE(so.lab_delay_notified_on, so.write_date), 1, now() AT TIME ZONE 'UTC',
               1, now() AT TIME ZONE 'UTC'
          FROM sale_order so
          JOIN res_partner p ON p.id = so.partner_id
         WHERE so.lab_delay_notified_date IS NOT NULL
        ON CONFLICT (order_id, expected_date) DO NOTHING
        """
    )
    cr.execute(
        """
        UPDATE sale_order
           SET lab_delay_notice_due = lab_date_expected IS NOT NULL
                   AND lab_date_expected IS DISTINCT FROM lab_delay_notified_date
        """
    )
    cr.execute("DROP INDEX IF EXISTS sale_order_lab_delay_scan_idx")
    cr.execute(
        "ALTER TABLE sale_order DROP COLUMN lab_delay_notified_date, "
        "DROP COLUMN lab_delay_notified_on"
    )
