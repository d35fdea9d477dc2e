"""Fixtures for the repository-wide static checks (plain pytest, no Odoo)."""

import os
import textwrap
from pathlib import Path

import lab_checks
import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(cmd, what):
    """Skip when a linter is missing on a developer's machine; fail in CI, which installs
    it (.ci/run)."""
    if cmd is None:
        message = f"{what} is not installed for {os.sys.executable}"
        if IN_CI:
            pytest.fail(message + " (.ci/run should have installed it)")
        pytest.skip(message)


def addon_params():
    """The expected addons plus any other repo-root addon, as pytest params."""
    names = list(lab_checks.EXPECTED_ADDONS)
    names += [p.name for p in lab_checks.discover_addons() if p.name not in names]
    return names


@pytest.fixture(params=addon_params())
def addon(request):
    path = lab_checks.REPO_ROOT / request.param
    if not (path / "__manifest__.py").is_file():
        pytest.skip(f"addon {request.param} does not exist yet")
    return path


@pytest.fixture
def make_addon(tmp_path):
    """Write a small addon into a temp dir: ``make_addon({"rel/path": "text"})``."""

    def _make(files, name="lab_sample_addon"):
        root = tmp_path / name
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return _make


GOOD_MANIFEST = """
{
    "name": "Lab Sample Addon",
    "version": "19.0.1.0.0",
    "category": "Services/Laboratory",
    "website": "https://github.com/lab-suite/lab-sample-addon",
    "author": "Lab Suite Contributors",
    "license": "AGPL-3",
    "depends": ["base"],
    "data": ["security/ir.model.access.csv"],
    "installable": True,
}
"""


@pytest.fixture
def good_manifest():
    return GOOD_MANIFEST


@pytest.fixture
def repo_root():
    return Path(lab_checks.REPO_ROOT)
