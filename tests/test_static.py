"""The static checks, run over this repository's addons (one test per addon and check)."""

import lab_checks
import pytest
from conftest import require_tool


def _assert_clean(problems):
    assert not problems, "\n".join(problems)


def test_ruff_check_and_format():
    require_tool(lab_checks.ruff_cmd(), "ruff")
    _assert_clean(lab_checks.check_ruff(lab_checks.REPO_ROOT))


def test_pylint_odoo_mandatory(addon):
    require_tool(lab_checks.pylint_cmd(), "pylint-odoo")
    _assert_clean(lab_checks.check_pylint(addon))


def test_manifest(addon):
    _assert_clean(lab_checks.check_manifest(addon))


def test_xml_wellformed(addon):
    _assert_clean(lab_checks.check_xml_wellformed(addon))


def test_table_cells_keep_rendering_when_empty(addon):
    _assert_clean(lab_checks.check_cells_keep_rendering(addon))


def test_no_constructs_removed_in_odoo_19(addon):
    _assert_clean(lab_checks.check_removed_constructs(addon))


def test_every_model_has_access_rows(addon):
    _assert_clean(lab_checks.check_acl_coverage(addon))


def test_portal_readable_models_have_portal_rules(addon):
    _assert_clean(lab_checks.check_portal_rules(addon, lab_checks.discover_addons()))


def test_translations(addon):
    if not (addon / "i18n").is_dir():
        pytest.skip(f"{addon.name} has no i18n/ folder")
    try:
        import polib  # noqa: F401
    except ImportError:
        require_tool(None, "polib")
    _assert_clean(lab_checks.check_translations(addon))


def test_tests_read_the_clock_once(addon):
    _assert_clean(lab_checks.check_clock_reads_in_tests(addon))
