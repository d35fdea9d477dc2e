#!/usr/bin/env python3
"""Benchmark of batch sample reception (R-SR-06, issue 4 point 9). Not a test.

Registers N samples (default 10,000) through the batch reception wizard, then creates N records
of a bare model (one Char field, registered for this run only with ``add_to_registry``), and
compares the two. Each side runs three times by default, alternating, and the fastest run of
each counts. Everything happens in one transaction that is rolled back: the database is left as
it was (only the sample sequence has advanced, as PostgreSQL sequences never roll back).

    python3 benchmarks/bench_sample_registration.py -c <odoo.conf> -d <database> [-n 10000] [-r 3]

The last line printed is
    BENCH sample_registration ratio=<sample time / bare time> queries_per_record=<n>
Targets (issue 18): ratio <= 2.5, queries per sample <= 0.05.
"""

from _bench import (
    alternate,
    bare_model,
    confirmed_order,
    create_bare,
    measure,
    parse_args,
    rolled_back_env,
)

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
        env.invalidate_all()

        sample_runs, bare_runs = alternate(
            env,
            lambda: register(args.records),
            lambda: create_bare(bare, args.records),
            args.repeat,
        )
        sample_time, sample_queries = min(sample_runs)
        bare_time, bare_queries = min(bare_runs)

        samples = env["lab.sample"].search([("order_id", "=", order.id)])
        print(f"samples registered: {len(samples)} ({len(set(samples.mapped('name')))} codes)")
        print(
            "runs (s):",
            [round(t, 3) for t, _q in sample_runs],
            [round(t, 3) for t, _q in bare_runs],
        )
        print(f"samples: {sample_time:.3f} s, {sample_queries} queries")
        print(f"bare model: {bare_time:.3f} s, {bare_queries} queries")
        ratio = sample_time / bare_time
        per_record = sample_queries / args.records
        print(f"BENCH sample_registration ratio={ratio:.2f} queries_per_record={per_record:.4f}")


if __name__ == "__main__":
    main()
