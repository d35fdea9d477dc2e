#!/usr/bin/env python3
"""Benchmark of a portal sample submission by file (issue 19 point 7). Not a test.

A portal customer uploads a CSV list of N samples (default 1,000): the file is read, every row
validated against the order's tests (holding times, dates, duplicates), and the submission is
saved with its lines in one ``create``. Then N records of a bare model (one Char field,
registered for this run only with ``add_to_registry``) are created, and the two compared. Each
side runs three times by default, alternating, and the fastest run of each counts. Everything
happens in one transaction that is rolled back.

    python3 benchmarks/bench_portal_submission.py -c <odoo.conf> -d <database> [-n 1000] [-r 3]

The last line printed is
    BENCH portal_submission ratio=<submission time / bare time> cpu_ratio=<the same in CPU time>
        queries_per_row=<n>
Targets (issue 19): ratio <= 5, queries per row <= 0.1.
"""

import csv
import io
from datetime import timedelta

import pytz
from _bench import (
    alternate,
    bare_model,
    best,
    confirmed_order,
    create_bare,
    measure,
    parse_args,
    rolled_back_env,
)

from odoo import fields


def main():
    args = parse_args(__doc__.splitlines()[0], records=1000, repeat=3)
    with rolled_back_env(args) as env:
        # importable once the configuration has put the addons on the path
        from odoo.addons.lab_customer_service.models.lab_submission_file import (  # noqa: PLC0415
            column_labels,
            read_rows,
        )

        bare = bare_model(env)
        order, portal = _confirmed_order(env)
        now = fields.Datetime.now()
        data = _sample_list(order, args.records, now, column_labels(env).values())
        portal_env = env(user=portal)
        submission_model = portal_env["lab.sample.submission"]

        def submit():
            rows = read_rows(portal_env, data, "samples.csv", 5 * 1024 * 1024)
            submission, errors = submission_model._lab_submit_rows(
                order.with_env(portal_env), rows, now
            )
            assert not errors, errors
            return submission

        measure(env, submit)
        measure(env, lambda: create_bare(bare, args.records))
        env.invalidate_all()
        submit_runs, bare_runs = alternate(
            env, [submit, lambda: create_bare(bare, args.records)], args.repeat
        )
        submission, bare_run = best(submit_runs), best(bare_runs)

        lines = env["lab.sample.submission.line"].search_count(
            [("submission_id.order_id", "=", order.id)]
        )
        print(f"rows saved: {lines} ({args.repeat + 1} uploads)")
        for name, runs in (("submission", submit_runs), ("bare", bare_runs)):
            print(
                f"runs of {name} (wall s / cpu s):",
                [(round(r.wall, 3), round(r.cpu, 3)) for r in runs],
            )
        print(
            f"submission: {submission.wall:.3f} s ({submission.cpu:.3f} s CPU), "
            f"{submission.queries} queries"
        )
        print(f"bare model: {bare_run.wall:.3f} s ({bare_run.cpu:.3f} s CPU)")
        print(
            "BENCH portal_submission"
            f" ratio={submission.wall / bare_run.wall:.2f}"
            f" cpu_ratio={submission.cpu / bare_run.cpu:.2f}"
            f" queries_per_row={submission.queries / args.records:.4f}"
        )


def _sample_list(order, count, now, headings):
    """A CSV list as a customer fills in the template (its ``headings``): ids, points, times,
    tests by code."""
    codes = order.order_line.product_id.mapped("default_code")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    tz = order.company_id._lab_tz()

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
    order = confirmed_order(env, contact, tests)
    return order, portal


if __name__ == "__main__":
    main()
