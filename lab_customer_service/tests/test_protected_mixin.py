from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestProtectedActionsFollowTheModel(TransactionCase):
    """Issue 15 mechanism: the merged ``_lab_protected_actions`` follow the class hierarchy.

    While modules load, the registry gives a model's class new bases when an addon extends it;
    the actions of that addon must count at once (installing with demo data used to fail with
    ``KeyError: '_lab_sync_legal_hold'`` on lab.sample)."""

    def test_actions_are_merged_again_when_the_bases_change(self):
        lab_actions = type(self.env["lab.protected.mixin"])._lab_actions

        class Base:
            _lab_protected_actions = {"action_base": ("state",)}

        class Extension:
            _lab_protected_actions = {"action_extension": ("hold",), "action_base": ("date",)}

        class Model(Base):
            pass

        record = Model()
        self.assertEqual(lab_actions(record), {"action_base": ("state",)})
        Model.__bases__ = (Extension, Base)
        self.assertEqual(
            lab_actions(record),
            {"action_base": ("state", "date"), "action_extension": ("hold",)},
        )
