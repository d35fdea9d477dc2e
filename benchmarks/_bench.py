"""Shared bootstrap of the benchmark scripts: an Odoo environment on a database, inside one
transaction that is always rolled back, so the generated data never stays."""

import argparse
import contextlib
import time

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service import server
from odoo.tools import config


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument(
        "-d", "--database", required=True, help="database with lab_customer_service"
    )
    parser.add_argument("-n", "--records", type=int, default=100_000, help="records to generate")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs (the best one counts)")
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
