"""Shared bootstrap of the benchmark scripts: an Odoo environment on a database, inside one
transaction that is always rolled back, so the generated data never stays."""

import argparse
import collections
import contextlib
import os
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


# One timed run: wall time (s), SQL queries, and CPU time (s) spent by this process and by its
# PostgreSQL backend together. On a shared machine the wall time also measures the neighbours;
# the CPU time measures the work, so its ratio is the steadier figure.
Run = collections.namedtuple("Run", "wall queries cpu")


def _backend_cpu(env):
    """CPU seconds used so far by the PostgreSQL backend of ``env``'s cursor, or None where its
    process cannot be read (a server on another machine)."""
    env.cr.execute("SELECT pg_backend_pid()")
    try:
        with open(f"/proc/{env.cr.fetchone()[0]}/stat") as stat:
            fields_ = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime are the 14th and 15th fields of the line, in clock ticks
    return (int(fields_[11]) + int(fields_[12])) / os.sysconf("SC_CLK_TCK")


def measure(env, func):
    """The :class:`Run` of ``func``, with what it leaves to flush."""
    env.flush_all()
    backend = _backend_cpu(env)
    before_queries, before = env.cr.sql_log_count, time.perf_counter()
    before_cpu = time.process_time()
    func()
    env.flush_all()
    wall, cpu = time.perf_counter() - before, time.process_time() - before_cpu
    queries = env.cr.sql_log_count - before_queries
    backend_after = _backend_cpu(env)
    if backend is not None and backend_after is not None:
        cpu += backend_after - backend
    return Run(wall, queries, cpu)


def best(runs):
    """The fastest wall time, the fewest queries and the least CPU time of ``runs``."""
    return Run(*(min(values) for values in zip(*runs, strict=True)))


def alternate(env, sides, repeat):
    """Run each of ``sides`` ``repeat`` times, in turn, from a cold cache: on a shared machine
    the slower runs measure the neighbours, so the caller keeps the fastest of each. Returns a
    list of :class:`Run` per side."""
    runs = [[] for _side in sides]
    for _run in range(repeat):
        for side, side_runs in zip(sides, runs, strict=True):
            side_runs.append(measure(env, side))
            env.invalidate_all()
    return runs


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
