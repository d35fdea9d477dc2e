#!/usr/bin/env python3
"""Benchmark of batch sample reception (R-SR-06, issue 4 point 9, issue 18 point 1). Not a test.

Registers N samples (default 10,000) through the batch reception wizard, then creates N records
of a bare model (one Char field, registered for this run only with ``add_to_registry``), and
compares the two. A third side, the ORM floor, creates the same N rows of ``lab.sample`` (the
wizard's values, tests included) through the ORM's own ``BaseModel.create``, without any of the
lab's code (no checks, no codes, no custody): what the ORM itself costs for such a row, which no
lab code can go below. Each side runs three times by default, alternating, and the fastest run
of each counts. Everything happens in one transaction that is rolled back: the database is left
as it was (only the sample sequence has advanced, as PostgreSQL sequences never roll back).

    python3 benchmarks/bench_sample_registration.py -c <odoo.conf> -d <database> [-n 10000] [-r 3]

The last line printed is
    BENCH sample_registration ratio=<sample time / bare time> cpu_ratio=<the same in CPU time>
        orm_floor_ratio=<ORM floor time / bare time> lab_overhead=<sample time / floor time>
        queries_per_record=<n>
Targets (issue 18): ratio <= 2.5, queries per sample <= 0.05.
"""

import itertools

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

from odoo import models

# the registration codes of the ORM floor's samples, unique across its runs
FLOOR_CODES = itertools.count(1)

# samples (and bare records) created before measuring; see the comment where they are
WARMUP = 1000


def main():
    args = parse_args(__doc__.splitlines()[0], records=10_000, repeat=3)
    with rolled_back_env(args) as env:
        bare = bare_model(env)
        partner = env["res.partner"].create({"name": "Benchmark Customer", "is_company": True})
        tests = env["product.product"].create(
            [
                {"name": "Benchmark dust", "type": "service", "is_lab_test": True},
                {"name": "Benchmark metals", "type": "service", "is_lab_test": True},
            ]
        )
        order = confirmed_order(env, partner, tests)
        floor_order = confirmed_order(env, partner, tests)

        def register(count):
            wizard = env["lab.sample.reception.wizard"].create(
                {"order_id": order.id, "sample_count": count, "print_labels": False}
            )
            wizard._onchange_order_id()
            return wizard._lab_register()

        # Warm the caches on both sides. The warm-up delivery is not tiny on purpose:
        # PostgreSQL plans the foreign-key checks of the test links once per connection,
        # against the size the sample table has then. Planned against a near-empty table
        # (a fresh database that autovacuum has already seen), the check scans the whole
        # table for every link, and the measured runs would time that plan, not the code.
        measure(env, lambda: register(WARMUP))
        measure(env, lambda: create_bare(bare, WARMUP))
        measure(env, lambda: orm_floor(env, floor_order, WARMUP))
        env.invalidate_all()

        sample_runs, bare_runs, floor_runs = alternate(
            env,
            [
                lambda: register(args.records),
                lambda: create_bare(bare, args.records),
                lambda: orm_floor(env, floor_order, args.records),
            ],
            args.repeat,
        )
        sample, bare_run, floor = best(sample_runs), best(bare_runs), best(floor_runs)

        samples = env["lab.sample"].search([("order_id", "=", order.id)])
        print(f"samples registered: {len(samples)} ({len(set(samples.mapped('name')))} codes)")
        for name, runs in (("samples", sample_runs), ("bare", bare_runs), ("floor", floor_runs)):
            print(
                f"runs of {name} (wall s / cpu s):",
                [(round(r.wall, 3), round(r.cpu, 3)) for r in runs],
            )
        for name, run in (("samples", sample), ("bare model", bare_run), ("ORM floor", floor)):
            print(f"{name}: {run.wall:.3f} s ({run.cpu:.3f} s CPU), {run.queries} queries")
        print(
            "BENCH sample_registration"
            f" ratio={sample.wall / bare_run.wall:.2f}"
            f" cpu_ratio={sample.cpu / bare_run.cpu:.2f}"
            f" orm_floor_ratio={floor.wall / bare_run.wall:.2f}"
            f" lab_overhead={sample.wall / floor.wall:.2f}"
            f" queries_per_record={sample.queries / args.records:.4f}"
        )


def orm_floor(env, order, count):
    """``count`` samples of ``order`` with the wizard's values, created by the ORM's own
    ``create`` (``BaseModel.create``): no lab check, code, default or custody event."""
    wizard = env["lab.sample.reception.wizard"].create(
        {"order_id": order.id, "sample_count": count, "print_labels": False}
    )
    wizard._onchange_order_id()
    samples = env["lab.sample"].with_context(tracking_disable=True)
    values = samples._lab_fill_defaults(wizard._lab_sample_values())
    for vals in values:
        vals["name"] = f"FLOOR-{next(FLOOR_CODES)}"
    return models.BaseModel.create(samples, values)


if __name__ == "__main__":
    main()
