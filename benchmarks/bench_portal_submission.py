#!/usr/bin/env python3
"""Benchmark of a portal sample submission by file (issue 19 point 7). Not a test.

A portal customer uploads a CSV list of N samples (default 1,000): the file is read, every row
validated against the order's tests (holding times, dates, duplicates), and the submission is
saved with its lines in one ``create``. Then N records of a bare model (one Char field,
registered for this run only with ``add_to_registry``) are created, and the two compared. Each
side runs three times by default, alternating, and the fastest run of each counts. Everything
happens in one transaction that is rolled back.

    python3 benchmarks/bench_portal_submission.py -c <odoo.conf> -d <database> [-n 1000]

The last line printed is
    BENCH portal_submission ratio=<submission time / bare time> queries_per_row=<n>
Targets (issue 19): ratio <= 5, queries per row <= 0.1.
"""

import argparse
import csv
import io
import time
from datetime import timedelta


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument(
        "-d", "--database", required=True, help="database with lab_customer_service"
    )
    parser.add_argument("-n", "--count", type=int, default=1000, help="rows per upload")
    parser.add_argument(
        "-r", "--repeat", type=int, default=3, help="runs per side; the fastest counts"
    )
    args = parser.parse_args()

    # imported after argument parsing, so that --help stays fast
    from odoo import SUPERUSER_ID, api, fields, models  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.orm.model_classes import add_to_registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    from odoo.service import server  # noqa: PLC0415

    server.load_server_wide_modules()
    registry = Registry(args.database)

    from odoo.addons.lab_customer_service.models.lab_submission_file import (  # noqa: PLC0415
        read_rows,
    )

    class BenchBare(models.Model):
        """The baseline: the least a stored Odoo record can be."""

        _module = None
        _name = "lab.bench.bare"
        _description = "Benchmark baseline record"

        name = fields.Char()

    add_to_registry(registry, BenchBare)

    with registry.cursor() as cr:
        try:
            registry._setup_models__(cr, [BenchBare._name])
            registry.init_models(cr, [BenchBare._name], {})
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            order, portal = _confirmed_order(env)
            Bare = env[BenchBare._name]
            now = fields.Datetime.now()
            data = _sample_list(order, args.count, now)
            portal_env = env(user=portal)
            Submission = portal_env["lab.sample.submission"]

            def measure(create):
                env.flush_all()
                before_queries, before = cr.sql_log_count, time.perf_counter()
                create()
                env.flush_all()
                return time.perf_counter() - before, cr.sql_log_count - before_queries

            def submit():
                rows = read_rows(portal_env, data, "samples.csv", 5 * 1024 * 1024)
                submission, errors = Submission._lab_submit_rows(
                    order.with_env(portal_env), rows, now
                )
                assert not errors, errors
                return submission

            def bare(count):
                return Bare.create([{"name": f"record {i}"} for i in range(count)])

            measure(submit)
            measure(lambda: bare(args.count))
            env.invalidate_all()

            submit_runs, bare_runs = [], []
            for _run in range(args.repeat):
                submit_runs.append(measure(submit))
                env.invalidate_all()
                bare_runs.append(measure(lambda: bare(args.count)))
                env.invalidate_all()
            submit_time, submit_queries = min(submit_runs)
            bare_time, _bare_queries = min(bare_runs)

            lines = env["lab.sample.submission.line"].search_count(
                [("submission_id.order_id", "=", order.id)]
            )
            print(f"rows saved: {lines} ({args.repeat + 1} uploads)")
            print(
                "runs (s):",
                [round(t, 3) for t, _q in submit_runs],
                [round(t, 3) for t, _q in bare_runs],
            )
            print(f"submission: {submit_time:.3f} s, {submit_queries} queries")
            print(f"bare model: {bare_time:.3f} s")
            ratio = submit_time / bare_time
            per_row = submit_queries / args.count
            print(f"BENCH portal_submission ratio={ratio:.2f} queries_per_row={per_row:.4f}")
        finally:
            cr.rollback()


def _sample_list(order, count, now):
    """A CSV list as a customer fills in the template: ids, points, times, tests by code."""
    codes = order.order_line.product_id.mapped("default_code")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Your Sample ID",
            "Sampling Point",
            "Sampling Date and Time",
            "Matrix",
            "Container",
            "Preservation",
            "Tests",
            "Remarks",
        ]
    )
    tz = order.company_id._lab_tz()
    import pytz  # noqa: PLC0415

    for i in range(count):
        moment = pytz.utc.localize(now - timedelta(hours=2 + i % 20)).astimezone(tz)
        writer.writerow(
            [
                f"W-{i:05d}",
                f"Well {i % 37}",
                moment.strftime("%Y-%m-%d %H:%M"),
                "Groundwater",
                "1 L PE",
                "4 °C",
                ";".join(codes[: 1 + i % len(codes)]),
                "",
            ]
        )
    return out.getvalue().encode("utf-8")


def _confirmed_order(env):
    partner = env["res.partner"].create({"name": "Benchmark Customer", "is_company": True})
    contact = env["res.partner"].create({"name": "Benchmark Contact", "parent_id": partner.id})
    portal = env["res.users"].create(
        {
            "name": "Benchmark Portal",
            "login": "bench_portal_submission",
            "partner_id": contact.id,
            "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
        }
    )
    tests = env["product.product"].create(
        [
            {
                "name": "Benchmark metals",
                "default_code": "BM-MET",
                "type": "service",
                "is_lab_test": True,
                "lab_max_holding_hours": 720,
            },
            {
                "name": "Benchmark nitrate",
                "default_code": "BM-NO3",
                "type": "service",
                "is_lab_test": True,
                "lab_max_holding_hours": 48,
            },
        ]
    )
    order = env["sale.order"].create(
        {
            "partner_id": contact.id,
            "order_line": [(0, 0, {"product_id": test.id}) for test in tests],
        }
    )
    review = order.lab_review_id
    review.line_ids.write({"answer": "yes"})
    review.with_user(env.ref("base.user_admin")).action_approve()
    order.action_confirm()
    return order, portal


if __name__ == "__main__":
    main()
