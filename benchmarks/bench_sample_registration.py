#!/usr/bin/env python3
"""Benchmark of batch sample reception (R-SR-06, issue 4 point 9). Not a test.

Registers N samples (default 10,000) through the batch reception wizard, then creates N records
of a bare model (one Char field, registered for this run only with ``add_to_registry``), and
compares the two. Each side runs three times by default, alternating, and the fastest run of
each counts. Everything happens in one transaction that is rolled back: the database is left as
it was (only the sample sequence has advanced, as PostgreSQL sequences never roll back).

    python3 benchmarks/bench_sample_registration.py -c <odoo.conf> -d <database> [-n 10000]

The last line printed is
    BENCH sample_registration ratio=<sample time / bare time> queries_per_record=<n>
Targets (issue 18): ratio <= 2.5, queries per sample <= 0.05.
"""

import argparse
import time

# samples (and bare records) created before measuring; see the comment where they are
WARMUP = 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument(
        "-d", "--database", required=True, help="database with lab_customer_service"
    )
    parser.add_argument("-n", "--count", type=int, default=10000, help="records per side")
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
            order = _confirmed_order(env)
            Bare = env[BenchBare._name]

            def measure(create):
                env.flush_all()
                before_queries, before = cr.sql_log_count, time.perf_counter()
                create()
                env.flush_all()
                return time.perf_counter() - before, cr.sql_log_count - before_queries

            def register(count):
                wizard = env["lab.sample.reception.wizard"].create(
                    {"order_id": order.id, "sample_count": count, "print_labels": False}
                )
                wizard._onchange_order_id()
                return wizard._lab_register()

            def bare(count):
                return Bare.create([{"name": f"record {i}"} for i in range(count)])

            # Warm the caches on both sides. The warm-up delivery is not tiny on purpose:
            # PostgreSQL plans the foreign-key checks of the test links once per connection,
            # against the size the sample table has then. Planned against a near-empty table
            # (a fresh database that autovacuum has already seen), the check scans the whole
            # table for every link, and the measured runs would time that plan, not the code.
            measure(lambda: register(WARMUP))
            measure(lambda: bare(WARMUP))
            env.invalidate_all()

            # Alternate the two sides and keep the fastest run of each: on a shared machine the
            # slower runs measure the neighbours, not the code.
            sample_runs, bare_runs = [], []
            for _run in range(args.repeat):
                sample_runs.append(measure(lambda: register(args.count)))
                env.invalidate_all()
                bare_runs.append(measure(lambda: bare(args.count)))
                env.invalidate_all()
            sample_time, sample_queries = min(sample_runs)
            bare_time, bare_queries = min(bare_runs)

            registered = env["lab.sample"].search_count([("order_id", "=", order.id)])
            codes = len(set(env["lab.sample"].search([("order_id", "=", order.id)]).mapped("name")))
            print(f"samples registered: {registered} ({codes} distinct codes)")
            print(
                "runs (s):",
                [round(t, 3) for t, _q in sample_runs],
                [round(t, 3) for t, _q in bare_runs],
            )
            print(f"samples: {sample_time:.3f} s, {sample_queries} queries")
            print(f"bare model: {bare_time:.3f} s, {bare_queries} queries")
            ratio = sample_time / bare_time
            per_record = sample_queries / args.count
            print(
                f"BENCH sample_registration ratio={ratio:.2f} queries_per_record={per_record:.4f}"
            )
        finally:
            cr.rollback()


def _confirmed_order(env):
    partner = env["res.partner"].create({"name": "Benchmark Customer", "is_company": True})
    tests = env["product.product"].create(
        [
            {"name": "Benchmark dust", "type": "service", "is_lab_test": True},
            {"name": "Benchmark metals", "type": "service", "is_lab_test": True},
        ]
    )
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [(0, 0, {"product_id": test.id}) for test in tests],
        }
    )
    # The contract review gate: the checklist answered, the Director approves, then confirm.
    review = order.lab_review_id
    review.line_ids.write({"answer": "yes"})
    review.with_user(env.ref("base.user_admin")).action_approve()
    order.action_confirm()
    return order


if __name__ == "__main__":
    main()
