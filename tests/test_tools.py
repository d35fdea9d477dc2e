"""The shell tooling: scripts parse, the count parser reads pytest's closing line, addons are
found in dependency order."""

import subprocess

import pytest
from lab_checks import REPO_ROOT

SCRIPTS = ["tools/_pg.sh", "tools/run_tests.sh", "tools/demo.sh", ".ci/run"]


def _bash(script, **env):
    return subprocess.run(
        ["bash", "-c", f"source tools/_pg.sh; {script}"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
    )


@pytest.mark.parametrize("script", SCRIPTS)
def test_shell_script_parses(script):
    res = subprocess.run(["bash", "-n", REPO_ROOT / script], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize(
    "closing, counts",
    [
        ("2 failed, 5 passed, 1 skipped, 1 warning, 3 subtests passed in 5.43s", "5 2 1"),
        ("======= 66 passed, 3 skipped in 11.32s =======", "66 0 3"),
        ("1 passed, 2 errors in 0.30s", "1 2 0"),
        ("4 passed, 1 xfailed, 1 xpassed, 2 deselected in 125.01s (0:02:05)", "5 0 1"),
        ("no tests ran in 0.01s", "0 0 0"),
        ("collected 0 items", "0 0 0"),
    ],
)
def test_parse_counts(tmp_path, closing, counts):
    log = tmp_path / "log"
    log.write_text(f"noise 9 passed but not a summary\n.....F\n{closing}\n")
    res = _bash(f'parse_counts "{log}"; echo "$PASSED $FAILED $SKIPPED"')
    assert res.stdout.strip() == counts, res.stderr


def test_repo_addons_in_dependency_order(tmp_path):
    for name in (
        "lab_complaints",
        "lab_complaints_retention",
        "lab_customer_service",
        "lab_zeta",
        "lab_confidentiality",
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__manifest__.py").write_text("{}")
    (tmp_path / "tools").mkdir()
    res = _bash("lab_repo_addons", LAB_REPO_ROOT=str(tmp_path))
    assert res.stdout.split() == [
        "lab_customer_service",
        "lab_confidentiality",
        "lab_complaints",
        "lab_complaints_retention",
        "lab_zeta",
    ]


def test_odoo_check_message_without_odoo(tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    res = _bash("lab_odoo_check; echo rc=$?", PYTHON=str(fake))
    assert res.stdout.splitlines() == [
        "Odoo 19 is not importable in this python3; see README (Prerequisites)",
        "rc=1",
    ]
    assert "Traceback" not in res.stderr
