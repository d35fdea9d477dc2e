"""The repository's tooling is Odoo's and OCA's: pre-commit hooks (oca-odoo-pre-commit-hooks),
one ``odoo-addon-<name>`` distribution per addon built by whool, READMEs rendered by
Python-Markdown (issue 18)."""

import ast
import email
import os
import shutil
import subprocess
import sys
import zipfile

import lab_checks
import pytest
from conftest import require_tool

ROOT = lab_checks.REPO_ROOT
# run per addon by tests/test_static.py with the same commands
COVERED_ELSEWHERE = "ruff,ruff-format,pylint-odoo"


def _module_or_none(name):
    probe = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True)
    return name if probe.returncode == 0 else None


def test_pre_commit_hooks_pass():
    require_tool(shutil.which("pre-commit"), "pre-commit")
    require_tool(shutil.which("oca-checks-odoo-module"), "oca-odoo-pre-commit-hooks")
    require_tool(_module_or_none("markdown"), "markdown")
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit runs in a git checkout")
    env = dict(os.environ, SKIP=COVERED_ELSEWHERE, PRE_COMMIT_COLOR="never")
    res = subprocess.run(
        ["pre-commit", "run", "--all-files"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_readmes_are_generated_from_their_fragments():
    require_tool(_module_or_none("markdown"), "markdown")
    res = subprocess.run(
        [sys.executable, ROOT / "tools" / "gen_addon_readme.py", "--check"],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def _wheel(source, tmp_path):
    """Build ``source`` into a wheel with the build backend its pyproject.toml names."""
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            tmp_path,
            source,
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    assert res.returncode == 0, res.stdout + res.stderr
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        return names, email.message_from_bytes(archive.read(meta))


def test_each_addon_is_its_own_whool_distribution(addon, tmp_path):
    require_tool(_module_or_none("whool"), "whool")
    pyproject = (addon / "pyproject.toml").read_text()
    assert 'build-backend = "whool.buildapi"' in pyproject
    names, meta = _wheel(addon, tmp_path)
    assert meta["Name"] == f"odoo-addon-{addon.name}"
    assert f"odoo/addons/{addon.name}/__manifest__.py" in names
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    assert meta["Version"].startswith(manifest["version"])
    required = {r.split("=")[0].split(">")[0].split("<")[0] for r in meta.get_all("Requires-Dist")}
    ours = {d for d in manifest["depends"] if (ROOT / d / "__manifest__.py").exists()}
    assert {f"odoo-addon-{d}" for d in ours} <= required
    assert "odoo" in required


def test_the_repository_installs_every_addon(tmp_path):
    require_tool(_module_or_none("setuptools"), "setuptools")
    _names, meta = _wheel(ROOT, tmp_path)
    required = sorted(meta.get_all("Requires-Dist"))
    assert required == [
        f"odoo-addon-{a.name.replace('_', '-')} @ {a.resolve().as_uri()}"
        for a in sorted(lab_checks.discover_addons(), key=lambda p: p.name)
    ]
