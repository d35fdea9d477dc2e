"""The checkers themselves: each passes a clean sample and fails a deliberately broken one,
so no check in test_static.py can pass by checking nothing."""

import lab_checks
import pytest
from conftest import require_tool

ACL_HEADER = "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n"

MODEL_PY = """
from odoo import fields, models


class LabThing(models.Model):
    _name = "lab.thing"
    _description = "Thing"

    name = fields.Char()


class LabThingWizard(models.TransientModel):
    _name = "lab.thing.wizard"
    _description = "Thing Wizard"


class LabThingMixin(models.AbstractModel):
    _name = "lab.thing.mixin"
    _description = "Thing Mixin"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = "res.partner"


class SaleOrder(models.Model):
    _inherit = "sale.order"
"""


def _has(problems, text):
    return any(text in p for p in problems)


# --------------------------------------------------------------------------- discovery
def test_discover_addons_finds_only_manifest_folders(tmp_path):
    (tmp_path / "lab_a").mkdir()
    (tmp_path / "lab_a" / "__manifest__.py").write_text("{}")
    (tmp_path / "tools").mkdir()
    (tmp_path / "README.md").write_text("x")
    assert [p.name for p in lab_checks.discover_addons(tmp_path)] == ["lab_a"]


# --------------------------------------------------------------------------- (a) ruff
RUFF_CLEAN = """
import os


def main():
    return os.getcwd()
"""


def test_ruff_passes_clean_code(make_addon):
    require_tool(lab_checks.ruff_cmd(), "ruff")
    root = make_addon({"ok.py": RUFF_CLEAN})
    assert lab_checks.check_ruff(root) == []


def test_ruff_fails_lint_error(make_addon):
    require_tool(lab_checks.ruff_cmd(), "ruff")
    root = make_addon({"bad.py": "import os\nimport sys\n\n\ndef main():\n    return os\n"})
    problems = lab_checks.check_ruff(root)
    assert _has(problems, "F401")


def test_ruff_fails_unformatted_code(make_addon):
    require_tool(lab_checks.ruff_cmd(), "ruff")
    root = make_addon({"ugly.py": "def main( ):\n    return {'a':1}\n"})
    problems = lab_checks.check_ruff(root)
    assert _has(problems, "ruff format --check")


# --------------------------------------------------------------------------- (b) pylint
def test_pylint_passes_clean_addon(make_addon, good_manifest):
    require_tool(lab_checks.pylint_cmd(), "pylint-odoo")
    root = make_addon(
        {
            "__manifest__.py": good_manifest,
            "__init__.py": "",
            "README.rst": "Lab sample addon\n================\n",
            "security/ir.model.access.csv": ACL_HEADER,
        }
    )
    assert lab_checks.check_pylint(root) == []


def test_pylint_fails_print_and_wrong_author(make_addon, good_manifest):
    require_tool(lab_checks.pylint_cmd(), "pylint-odoo")
    root = make_addon(
        {
            "__manifest__.py": good_manifest.replace("Lab Suite Contributors", "Somebody"),
            "__init__.py": "from . import hello\n",
            "hello.py": "def hello():\n    print('hello')\n",
            "README.rst": "Lab sample addon\n================\n",
            "security/ir.model.access.csv": ACL_HEADER,
        }
    )
    problems = lab_checks.check_pylint(root)
    assert _has(problems, "manifest-required-author")
    assert _has(problems, "print-used")


# --------------------------------------------------------------------------- (c) manifest
def test_manifest_passes_good_one(make_addon, good_manifest):
    root = make_addon(
        {"__manifest__.py": good_manifest, "security/ir.model.access.csv": ACL_HEADER}
    )
    assert lab_checks.check_manifest(root) == []


def test_manifest_fails_unparsable(make_addon):
    root = make_addon({"__manifest__.py": "{'name': _('x')}"})
    assert _has(lab_checks.check_manifest(root), "ast.literal_eval")


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('"19.0.1.0.0"', '"18.0.1.0.0"', "is not 19.0.x.y.z"),
        ('"19.0.1.0.0"', '"1.0"', "is not 19.0.x.y.z"),
        ('"AGPL-3"', '"LGPL-3"', "is not AGPL-3"),
        ('"author": "Lab Suite Contributors",', "", "'author' is missing"),
        ('"website": "https://github.com/lab-suite/lab-sample-addon",', "", "'website'"),
        ('"category": "Services/Laboratory",', '"category": "",', "'category'"),
        ("security/ir.model.access.csv", "security/missing.csv", "missing.csv does not exist"),
    ],
)
def test_manifest_fails_each_defect(make_addon, good_manifest, old, new, message):
    root = make_addon(
        {
            "__manifest__.py": good_manifest.replace(old, new),
            "security/ir.model.access.csv": ACL_HEADER,
        }
    )
    assert _has(lab_checks.check_manifest(root), message)


def test_manifest_checks_demo_and_assets(make_addon, good_manifest):
    manifest = good_manifest.replace(
        '"installable": True,',
        '"demo": ["demo/gone.xml"],\n'
        '"assets": {"web.assets_frontend": [\n'
        '    "lab_sample_addon/static/src/js/*.js",\n'
        '    "lab_sample_addon/static/src/scss/missing.scss",\n'
        '    ("include", "web._assets_helpers"),\n'
        '    ("after", "web/static/x.js", "lab_sample_addon/static/src/after.js"),\n'
        '    "web/static/src/core/utils.js",\n'
        "]},",
    )
    root = make_addon(
        {
            "__manifest__.py": manifest,
            "security/ir.model.access.csv": ACL_HEADER,
            "static/src/js/tour.js": "// tour\n",
        }
    )
    problems = lab_checks.check_manifest(root)
    assert _has(problems, "demo file demo/gone.xml does not exist")
    assert _has(problems, "missing.scss")
    assert _has(problems, "after.js")
    assert not _has(problems, "tour.js") and not _has(problems, "web/static")
    assert len(problems) == 3


# --------------------------------------------------------------------------- (d) xml
def test_xml_wellformed_passes_and_fails(make_addon):
    root = make_addon(
        {
            "views/ok.xml": "<odoo><record id='a' model='ir.ui.view'/></odoo>",
            "views/broken.xml": "<odoo><record id='a' model='ir.ui.view'></odoo>",
        }
    )
    problems = lab_checks.check_xml_wellformed(root)
    assert len(problems) == 1 and "broken.xml" in problems[0]


# --------------------------------------------------------------------------- (d2) cells
def test_cells_keep_rendering_passes_and_fails(make_addon):
    root = make_addon(
        {
            "views/ok.xml": (
                "<odoo><template id='a'><table><tr>"
                "<td><span t-out='s.description'/></td>"
                "<td t-out='s.note'>-</td>"
                "<th><t t-out='s.name'/></th>"
                "</tr></table></template></odoo>"
            ),
            "report/bad.xml": (
                "<odoo><template id='b'><table><tr>"
                "<td t-out='s.description'/><td t-field='s.date'/><td>x</td>"
                "</tr></table><dl><dd t-out='s.source'/></dl></template></odoo>"
            ),
        }
    )
    problems = lab_checks.check_cells_keep_rendering(root)
    assert len(problems) == 3, problems
    assert all("bad.xml" in p for p in problems)
    assert _has(problems, 't-out="s.description"') and _has(problems, 't-field="s.date"')


# --------------------------------------------------------------------------- (e) odoo 19
CLEAN_PY = """
from odoo import http, models


class LabThing(models.Model):
    _name = "lab.thing"
    # _sql_constraints are gone; name_get too: comments may say so
    _name_unique = models.Constraint("UNIQUE(name)", "Unique.")

    def _compute_display_name(self):
        self.check_access("read")
        return self._read_group([], ["name"]), self.formatted_read_group([], ["name"])


class Portal(http.Controller):
    @http.route("/lab/x", type="jsonrpc", auth="user")
    def x(self):
        return self.env.user.group_ids
"""

CLEAN_XML = """
<odoo>
  <record id="group_lab_user" model="res.groups">
    <field name="name">User</field>
    <field name="privilege_id" ref="privilege_lab"/>
    <field name="user_ids" eval="[(4, ref('base.user_admin'))]"/>
  </record>
  <record id="view_list" model="ir.ui.view">
    <field name="arch" type="xml">
      <list><field name="name" invisible="state == 'done'"/></list>
    </field>
  </record>
</odoo>
"""


def test_removed_constructs_pass_clean_code(make_addon):
    root = make_addon({"models/x.py": CLEAN_PY, "views/x.xml": CLEAN_XML})
    assert lab_checks.check_removed_constructs(root) == []


@pytest.mark.parametrize(
    "snippet, label",
    [
        ('    _sql_constraints = [("u", "unique(name)", "x")]\n', "_sql_constraints"),
        ("    def name_get(self):\n        return []\n", "name_get"),
        ("    def f(self):\n        return self.env['x'].read_group([], [], [])\n", "read_group"),
        ("    def f(self):\n        self.check_access_rights('read')\n", "check_access_rights"),
        ("    def f(self):\n        return self.env.user.groups_id\n", "groups_id"),
        (
            "    @http.route('/x', type='json', auth='user')\n    def f(self):\n        pass\n",
            "type='json'",
        ),
        (
            '    @http.route("/x", type="json", auth="user")\n    def f(self):\n        pass\n',
            "type='json'",
        ),
    ],
)
def test_removed_python_constructs_fail(make_addon, snippet, label):
    code = "from odoo import http, models\n\n\nclass X(models.Model):\n" + snippet
    root = make_addon({"models/x.py": code})
    problems = lab_checks.check_removed_constructs(root)
    assert _has(problems, label), problems


@pytest.mark.parametrize(
    "xml, label",
    [
        ('<list><field name="a"/></list>', None),
        ('<tree><field name="a"/></tree>', "<tree>"),
        ('<form><field name="a" attrs="{\'invisible\': 1}"/></form>', "attrs="),
        ('<form><button name="b" states="draft"/></form>', "states="),
        (
            '<xpath expr="//f" position="attributes">'
            '<attribute name="attrs">{}</attribute></xpath>',
            'attribute name="attrs"',
        ),
    ],
)
def test_removed_view_constructs_fail(make_addon, xml, label):
    view = (
        '<odoo><record id="v" model="ir.ui.view"><field name="arch" type="xml">'
        f"{xml}</field></record></odoo>"
    )
    root = make_addon({"views/v.xml": view})
    problems = lab_checks.check_removed_constructs(root)
    if label is None:
        assert problems == []
    else:
        assert _has(problems, label), problems


@pytest.mark.parametrize(
    "field, label",
    [
        ('<field name="category_id" ref="base.module_category_hidden"/>', "'category_id'"),
        ('<field name="users" eval="[(4, ref(\'base.user_admin\'))]"/>', "'users'"),
    ],
)
def test_removed_res_groups_fields_fail(make_addon, field, label):
    xml = (
        '<odoo><record id="g" model="res.groups">'
        f'<field name="name">G</field>{field}</record></odoo>'
    )
    root = make_addon({"security/s.xml": xml})
    assert _has(lab_checks.check_removed_constructs(root), label)


def test_groups_id_in_xml_fails(make_addon):
    xml = (
        '<odoo><record id="u" model="res.users">'
        '<field name="groups_id" eval="[(4, ref(\'base.group_user\'))]"/></record>'
        '<record id="r" model="ir.rule"><field name="domain_force">'
        "[('x.groups_id', 'in', user.ids)]</field></record></odoo>"
    )
    root = make_addon({"demo/u.xml": xml})
    problems = lab_checks.check_removed_constructs(root)
    assert len(problems) == 1 and "groups_id" in problems[0]


# --------------------------------------------------------------------------- (f) ACL
def test_defined_models_reads_kinds_and_skips_extensions(make_addon):
    root = make_addon({"models/x.py": MODEL_PY, "tests/test_x.py": MODEL_PY.replace("lab.", "t.")})
    assert lab_checks.defined_models(root) == {
        "lab.thing": "model",
        "lab.thing.wizard": "transient",
        "lab.thing.mixin": "abstract",
    }


def test_acl_coverage_passes_when_every_model_has_a_row(make_addon):
    acl = ACL_HEADER + (
        "access_lab_thing_user,lab.thing user,model_lab_thing,base.group_user,1,1,1,1\n"
        "access_lab_thing_wizard_user,wizard,lab_sample_addon.model_lab_thing_wizard,"
        "base.group_user,1,1,1,1\n"
    )
    root = make_addon({"models/x.py": MODEL_PY, "security/ir.model.access.csv": acl})
    assert lab_checks.check_acl_coverage(root) == []


def test_acl_coverage_fails_for_model_and_wizard_without_rows(make_addon):
    acl = ACL_HEADER + "access_other,other,model_lab_other,base.group_user,1,0,0,0\n"
    root = make_addon({"models/x.py": MODEL_PY, "security/ir.model.access.csv": acl})
    problems = lab_checks.check_acl_coverage(root)
    assert len(problems) == 2
    assert _has(problems, "'lab.thing'") and _has(problems, "'lab.thing.wizard'")
    assert not _has(problems, "mixin")


def test_acl_coverage_fails_without_csv(make_addon):
    root = make_addon({"models/x.py": MODEL_PY})
    assert len(lab_checks.check_acl_coverage(root)) == 2


# --------------------------------------------------------------------------- (g) portal
PORTAL_ACL = ACL_HEADER + (
    "access_lab_thing_portal,lab.thing portal,model_lab_thing,base.group_portal,1,0,0,0\n"
    "access_lab_thing_user,lab.thing user,model_lab_thing,base.group_user,1,1,1,1\n"
)

PORTAL_RULE = """
<odoo noupdate="1">
  <record id="lab_thing_rule_portal" model="ir.rule">
    <field name="name">Things: portal sees its own</field>
    <field name="model_id" ref="model_lab_thing"/>
    <field name="domain_force">[('partner_id', 'child_of', [user.commercial_partner_id.id])]</field>
    <field name="groups" eval="[Command.link(ref('base.group_portal'))]"/>
  </record>
</odoo>
"""


def test_portal_rule_present_passes(make_addon):
    root = make_addon(
        {"security/ir.model.access.csv": PORTAL_ACL, "security/ir_rule.xml": PORTAL_RULE}
    )
    assert lab_checks.check_portal_rules(root) == []


def test_portal_read_without_rule_fails(make_addon):
    root = make_addon({"security/ir.model.access.csv": PORTAL_ACL})
    problems = lab_checks.check_portal_rules(root)
    assert len(problems) == 1 and "access_lab_thing_portal" in problems[0]


def test_portal_rule_for_other_group_or_model_does_not_count(make_addon):
    rules = PORTAL_RULE.replace("base.group_portal", "base.group_user")
    rules += PORTAL_RULE.replace("model_lab_thing", "model_lab_other").replace(
        "lab_thing_rule_portal", "other_rule"
    )
    root = make_addon({"security/ir.model.access.csv": PORTAL_ACL, "security/ir_rule.xml": rules})
    assert len(lab_checks.check_portal_rules(root)) == 1


def test_portal_rule_in_owning_repo_addon_counts(make_addon):
    owner = make_addon(
        {"security/ir_rule.xml": PORTAL_RULE, "__manifest__.py": "{}"}, name="lab_owner"
    )
    acl = ACL_HEADER + "access_p,p,lab_owner.model_lab_thing,base.group_portal,1,0,0,0\n"
    user = make_addon({"security/ir.model.access.csv": acl}, name="lab_user")
    assert lab_checks.check_portal_rules(user, [owner, user]) == []
    assert len(lab_checks.check_portal_rules(user, [user, user.parent / "lab_gone"])) == 0
    acl_core = ACL_HEADER + "access_s,s,sale.model_sale_order,base.group_portal,1,0,0,0\n"
    core = make_addon({"security/ir.model.access.csv": acl_core}, name="lab_core")
    assert lab_checks.check_portal_rules(core) == []


def test_portal_rule_missing_in_owning_repo_addon_fails(make_addon):
    owner = make_addon({"__manifest__.py": "{}"}, name="lab_owner")
    acl = ACL_HEADER + "access_p,p,lab_owner.model_lab_thing,base.group_portal,1,0,0,0\n"
    user = make_addon({"security/ir.model.access.csv": acl}, name="lab_user")
    assert len(lab_checks.check_portal_rules(user, [owner, user])) == 1


# --------------------------------------------------------------------------- (h) i18n
POT = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. module: lab_sample_addon
#: model:ir.model.fields,field_description:lab_sample_addon.field_lab_thing__name
msgid "Name"
msgstr ""

#. module: lab_sample_addon
#, python-format
msgid "Sample %(code)s was rejected by %s"
msgstr ""
"""

PO_GOOD = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: tr\\n"

msgid "Name"
msgstr "Ad"

#, python-format
msgid "Sample %(code)s was rejected by %s"
msgstr "%(code)s numune %s tarafindan reddedildi"
"""


def _need_polib():
    try:
        import polib  # noqa: F401
    except ImportError:
        require_tool(None, "polib")


def _i18n_addon(make_addon, po_text, name="tr.po"):
    _need_polib()
    files = {"i18n/lab_sample_addon.pot": POT, f"i18n/{name}": po_text}
    for lang in lab_checks.REQUIRED_LANGUAGES:
        files.setdefault(f"i18n/{lang}.po", PO_GOOD.replace("Language: tr", f"Language: {lang}"))
    return make_addon(files)


def test_translations_pass_complete_po(make_addon):
    root = _i18n_addon(make_addon, PO_GOOD)
    assert lab_checks.check_translations(root) == []


def test_translations_skip_addon_without_i18n(make_addon):
    assert lab_checks.check_translations(make_addon({"x.py": ""})) == []


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('msgid "Name"\nmsgstr "Ad"\n', "", "msgid 'Name' of the .pot is missing"),
        ('msgstr "Ad"', 'msgstr ""', "untranslated entry 'Name'"),
        ('msgid "Name"', '#, fuzzy\nmsgid "Name"', "fuzzy entry 'Name'"),
        ("%(code)s numune", "%(kod)s numune", "placeholders differ"),
        ("numune %s tarafindan", "numune tarafindan", "placeholders differ"),
        ('msgstr "Ad"', "garbage here", "does not parse"),
    ],
)
def test_translations_fail_each_defect(make_addon, old, new, message):
    root = _i18n_addon(make_addon, PO_GOOD.replace(old, new))
    problems = lab_checks.check_translations(root)
    assert _has(problems, message), problems


def test_translations_fail_missing_pot_and_en_po(make_addon):
    _need_polib()
    root = make_addon({"i18n/tr.po": PO_GOOD, "i18n/en.po": PO_GOOD})
    problems = lab_checks.check_translations(root)
    assert _has(problems, "lab_sample_addon.pot is missing")
    assert _has(problems, "en.po must not be committed")


def test_translations_fail_missing_language(make_addon):
    _need_polib()
    root = make_addon({"i18n/lab_sample_addon.pot": POT, "i18n/tr.po": PO_GOOD})
    problems = lab_checks.check_translations(root)
    assert _has(problems, "i18n/ru.po is missing")
    assert _has(problems, "i18n/zh_CN.po is missing")
    assert not _has(problems, "i18n/tr.po is missing")


# --------------------------------------------------------------------------- clock in tests
CLOCK_OK = """
from odoo import fields


class T:
    @classmethod
    def setUpClass(cls):
        cls.now = fields.Datetime.now()

    def _values(self, when):
        return {"date": when}

    def test_once(self):
        now = fields.Datetime.now()
        return self._values(now), self._values(now)
"""


@pytest.mark.parametrize(
    "body, label",
    [
        ("    def _values(self):\n        return fields.Datetime.now()\n", "helper _values()"),
        (
            "    def test_x(self):\n        a = fields.Datetime.now()\n"
            "        b = fields.Date.today()\n        return a, b\n",
            "reads the clock 2 times",
        ),
    ],
)
def test_clock_reads_in_tests(make_addon, body, label):
    assert lab_checks.check_clock_reads_in_tests(make_addon({"tests/test_x.py": CLOCK_OK})) == []
    code = "from odoo import fields\n\n\nclass T:\n" + body
    problems = lab_checks.check_clock_reads_in_tests(make_addon({"tests/test_x.py": code}))
    assert _has(problems, label), problems
