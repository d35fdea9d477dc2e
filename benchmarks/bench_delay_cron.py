"""Benchmark of the delay-notice scheduled action (R-CM-03) over generated lab orders.

    python3 benchmarks/bench_delay_cron.py -c <odoo.conf> -d <database> [--late-share 0.005]

Generates 100,000 confirmed lab orders with set-based SQL inside a transaction that is rolled
back at the end. Most are on time; ``--late-share`` of them are late and not yet notified, as
many again were already notified for their current expected date, and a tenth are reported.
It times one run of ``sale.order._cron_lab_notify_delays()`` (its ``_commit_progress`` commits
are replaced by a flush, so that nothing is committed) against a bare scan: one query reading
the expected date and "still to notify" flag of every open lab order. Last line:

    BENCH delay_cron ratio=<cron time / bare scan time> queries_per_record=<queries / orders>
"""

import argparse
import sys
from unittest.mock import patch

from _bench import best_time, queries, rolled_back_env

from odoo import fields

BARE_SCAN = """
    SELECT id, lab_date_expected, lab_delay_notice_due FROM sale_order
     WHERE state = 'sale' AND is_lab_order AND lab_is_reported IS NOT TRUE
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", "--records", type=int, default=100_000)
    parser.add_argument("--late-share", type=float, default=0.005)
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def generate(env, total, late_share):
    partner = env["res.partner"].create(
        {"name": "Bench Customer", "is_company": True, "email": "bench@customer.example.com"}
    )
    user = env.ref("base.user_admin")
    env.flush_all()
    late_every = max(int(1 / late_share), 1) if late_share else total + 1
    today = fields.Date.context_today(env["sale.order"])
    env.cr.execute(
        """INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                   company_id, currency_id, user_id, date_order, state,
                                   is_lab_order, lab_is_reported, lab_date_expected,
                                   lab_delay_notice_due)
           SELECT 'BSO' || i, %(partner)s, %(partner)s, %(partner)s, %(company)s,
                  %(currency)s, %(user)s, now(), 'sale', true, i %% 10 = 0,
                  CASE WHEN i %% %(late)s IN (1, 2) THEN %(today)s::date - 3
                       ELSE %(today)s::date + 10 + i %% 30 END,
                  i %% %(late)s != 2
             FROM generate_series(1, %(total)s) AS i""",
        {
            "partner": partner.id,
            "company": env.company.id,
            "currency": env.company.currency_id.id,
            "user": user.id,
            "late": late_every,
            "today": today,
            "total": total,
        },
    )
    # the orders already told of their current expected date have their notice record
    env.cr.execute(
        """INSERT INTO lab_delay_notice (order_id, company_id, partner_id, recipient_id,
                                         expected_date, delay_state, notified_on)
           SELECT id, company_id, partner_id, partner_id, lab_date_expected, 'late', now()
             FROM sale_order WHERE name LIKE 'BSO%%' AND NOT lab_delay_notice_due"""
    )
    env.cr.execute("ANALYZE sale_order")
    env.cr.execute("ANALYZE lab_delay_notice")
    env.cr.execute(
        """SELECT count(*) FROM sale_order WHERE name LIKE 'BSO%%' AND NOT lab_is_reported
              AND lab_date_expected < %s AND lab_delay_notice_due""",
        [today],
    )
    return env.cr.fetchone()[0]


def main():
    args = parse_args()
    sys.argv[1:] = []
    with rolled_back_env(args) as env:
        to_notify = generate(env, args.records, args.late_share)
        Order = env["sale.order"]

        def fake_commit(cron, processed=0, *, remaining=None, deactivate=False):
            cron.env.flush_all()
            return float("inf")

        def cron_once():
            env.cr.execute("SAVEPOINT bench_cron")
            with patch.object(type(env["ir.cron"]), "_commit_progress", fake_commit):
                result = queries(env, Order._cron_lab_notify_delays)
            env.flush_all()
            env.cr.execute(
                "SELECT count(*) FROM lab_delay_notice n JOIN sale_order so ON so.id = n.order_id "
                "WHERE so.name LIKE 'BSO%%' AND n.create_uid IS NOT NULL"
            )
            notified = env.cr.fetchone()[0]
            env.cr.execute("ROLLBACK TO SAVEPOINT bench_cron")
            env.transaction.clear()
            return result, notified

        def bare_scan():
            env.cr.execute(BARE_SCAN)
            return len(env.cr.fetchall())

        cron_once()  # warm caches (templates, access rights, metadata)
        cron_time, ((_none, count), notified) = best_time(cron_once, args.repeat)
        scan_time, scanned = best_time(bare_scan, args.repeat)
        print(f"orders generated: {args.records}, open lab orders scanned: {scanned}")
        print(f"late orders needing a notice: {to_notify}, notified by the run: {notified}")
        print(
            f"cron: {cron_time * 1000:.1f} ms, {count} queries "
            f"({count / max(to_notify, 1):.1f} per notified order)"
        )
        print(f"bare scan: {scan_time * 1000:.1f} ms, 1 query")
        print(
            f"BENCH delay_cron ratio={cron_time / scan_time:.2f} "
            f"queries_per_record={count / args.records:.4f}"
        )


if __name__ == "__main__":
    main()
