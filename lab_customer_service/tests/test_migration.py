import importlib.util

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from odoo.addons.lab_customer_service.tools.migration import (
    VERIFIED_SENDER_PORTAL_DOMAIN,
    set_rule_domains,
    set_templates_default_to_off,
)


def load_script(module, version, name):
    """The migration script ``name`` of ``module``'s ``version``, as a Python module."""
    path = f"{get_module_path(module)}/migrations/{version}/{name}.py"
    spec = importlib.util.spec_from_file_location(f"{module}_{version}_{name}", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


@tagged("post_install", "-at_install")
class TestMigrationHelpers(TransactionCase):
    """Issue 18: the helpers the addons' migration scripts share (``tools/migration.py``) do
    what each script used to do itself, for the records they name and no others."""

    def test_templates_stop_mailing_the_default_customer(self):
        deviation = self.env.ref("lab_customer_service.mail_template_lab_deviation")
        revision = self.env.ref("lab_customer_service.mail_template_lab_revision")
        (deviation | revision).use_default_to = True
        self.env.flush_all()
        set_templates_default_to_off(
            self.env.cr, "lab_customer_service", ["mail_template_lab_deviation"]
        )
        self.env.invalidate_all()
        self.assertFalse(deviation.use_default_to)
        self.assertTrue(revision.use_default_to, "a template not named keeps its setting")

    def test_rule_gets_the_verified_sender_domain(self):
        rule = self.env.ref("lab_customer_service.lab_customer_request_portal_rule")
        self.assertEqual(rule.domain_force, VERIFIED_SENDER_PORTAL_DOMAIN, "as the data file")
        rule.domain_force = "[('partner_id', 'child_of', [user.commercial_partner_id.id])]"
        self.env.flush_all()
        set_rule_domains(
            self.env.cr,
            "lab_customer_service",
            {"lab_customer_request_portal_rule": VERIFIED_SENDER_PORTAL_DOMAIN},
        )
        self.env.invalidate_all()
        self.assertEqual(rule.domain_force, VERIFIED_SENDER_PORTAL_DOMAIN)

    def test_scripts_of_issue_16_and_17_run_again(self):
        """A database installed before gets the settings of the data files back."""
        templates = self.env["mail.template"].browse(
            self.env.ref(f"lab_customer_service.{name}").id
            for name in load_script("lab_customer_service", "19.0.1.2.0", "post-migrate").TEMPLATES
        )
        rule = self.env.ref("lab_customer_service.lab_customer_request_portal_rule")
        templates.use_default_to = True
        rule.domain_force = "[(1, '=', 1)]"
        self.env.flush_all()
        for version in ("19.0.1.2.0", "19.0.1.2.1"):
            load_script("lab_customer_service", version, "post-migrate").migrate(
                self.env.cr, "19.0.1.1.0"
            )
        self.env.invalidate_all()
        self.assertEqual(set(templates.mapped("use_default_to")), {False})
        self.assertEqual(rule.domain_force, VERIFIED_SENDER_PORTAL_DOMAIN)
