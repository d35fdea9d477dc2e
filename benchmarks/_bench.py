"""Shared bootstrap of the benchmark scripts: an Odoo environment on a database, inside one
transaction that is always rolled back, so the generated data never stays."""

import argparse
import contextlib
import time

from odoo import SUPERUSER_ID, api, fields, models
from odoo.modules.registry import Registry
from odoo.orm.model_classes import add_to_registry
from odoo.service import server
from odoo.tools import config


def parse_args(description, records=100_000, repeat=5):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument(
        "-d", "--database", required=True, help="database with lab_customer_service"
    )
    parser.add_argument("-n", "--records", type=int, default=records, help="records to generate")
    parser.add_argument(
        "-r", "--repeat", type=int, default=repeat, help="timed runs (the best one counts)"
    )
    return parser.parse_args()


@contextlib.contextmanager
def rolled_back_env(args):
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    server.load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            yield env
        finally:
            cr.rollback()


def best_time(func, repeat):
    """Best wall time of ``repeat`` runs of ``func`` and the result of the last run."""
    best, result = float("inf"), None
    for _i in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def queries(env, func):
    """Run ``func``; return (result, number of SQL queries it executed)."""
    before = env.cr.sql_log_count
    result = func()
    return result, env.cr.sql_log_count - before


class BenchBare(models.Model):
    """The baseline: the least a stored Odoo record can be (one Char field)."""

    _module = None
    _name = "lab.bench.bare"
    _description = "Benchmark baseline record"

    name = fields.Char()


def bare_model(env):
    """``lab.bench.bare``, registered and its table made for this run only (rolled back)."""
    add_to_registry(env.registry, BenchBare)
    env.registry._setup_models__(env.cr, [BenchBare._name])
    env.registry.init_models(env.cr, [BenchBare._name], {})
    return env[BenchBare._name]


def create_bare(bare, count):
    return bare.create([{"name": f"record {i}"} for i in range(count)])


def measure(env, func):
    """(wall time, SQL queries) of ``func``, with what it leaves to flush."""
    env.flush_all()
    before_queries, before = env.cr.sql_log_count, time.perf_counter()
    func()
    env.flush_all()
    return time.perf_counter() - before, env.cr.sql_log_count - before_queries


def alternate(env, side, baseline, repeat):
    """Run ``side`` and ``baseline`` ``repeat`` times each, alternating, from a cold cache:
    on a shared machine the slower runs measure the neighbours, so the caller keeps the
    fastest of each. Returns both lists of (time, queries)."""
    side_runs, baseline_runs = [], []
    for _run in range(repeat):
        side_runs.append(measure(env, side))
        env.invalidate_all()
        baseline_runs.append(measure(env, baseline))
        env.invalidate_all()
    return side_runs, baseline_runs


def confirmed_order(env, partner, tests):
    """A confirmed order of ``tests`` for ``partner``, through the contract review gate: the
    checklist answered, the Director approves, then confirm."""
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [(0, 0, {"product_id": test.id}) for test in tests],
        }
    )
    review = order.lab_review_id
    review.line_ids.write({"answer": "yes"})
    review.with_user(env.ref("base.user_admin")).action_approve()
    order.action_confirm()
    return order
