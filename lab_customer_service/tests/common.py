from odoo import fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class LabCase(TransactionCase):
    """One user per lab role, two customer companies with portal users, and a small catalogue.

    No test relies on demo data: everything a test needs is made here.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The one reading of the clock that helpers build on (tests/lab_checks.py: a helper
        # that reads it again can straddle a second between two rows it builds).
        cls.now = fields.Datetime.now()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, no_reset_password=True)
        )
        ctx = {"no_reset_password": True}
        prefix = "lab_customer_service.group_lab_"

        def user(login, *roles, name=None):
            groups = ",".join(f"{prefix}{role}" for role in roles)
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                name=name or login.title(),
                context=ctx,
                email=f"{login}@lab.example.com",
                phone="+90 326 555 00 00",
            )

        cls.director = user("t_director", "director")
        cls.deputy = user("t_deputy", "deputy_director")
        cls.quality_manager = user("t_quality", "quality_manager")
        cls.technical_manager = user("t_technical", "technical_manager")
        cls.reception = user("t_reception", "reception")
        cls.supervisor = user("t_supervisor", "supervisor")
        cls.technician = user("t_technician", "technician")
        cls.staff = user("t_staff", "staff")
        cls.outsider = new_test_user(
            cls.env, login="t_outsider", groups="base.group_user", context=ctx
        )

        Partner = cls.env["res.partner"]
        cls.customer_a, cls.customer_b = Partner.create(
            [
                {"name": "Customer A Steel", "is_company": True, "email": "a@customer.example.com"},
                {
                    "name": "Customer B Chemicals",
                    "is_company": True,
                    "email": "b@customer.example.com",
                },
            ]
        )
        cls.contact_a, cls.contact_b = Partner.create(
            [
                {
                    "name": "Alice A",
                    "parent_id": cls.customer_a.id,
                    "email": "alice@customer.example.com",
                },
                {
                    "name": "Bob B",
                    "parent_id": cls.customer_b.id,
                    "email": "bob@customer.example.com",
                },
            ]
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="t_portal_a",
            groups="base.group_portal",
            partner_id=cls.contact_a.id,
            context=ctx,
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="t_portal_b",
            groups="base.group_portal",
            partner_id=cls.contact_b.id,
            context=ctx,
        )

        Product = cls.env["product.product"]
        cls.test_dust, cls.test_noise, cls.test_silica = Product.create(
            [
                {
                    "name": "Respirable dust",
                    "type": "service",
                    "is_lab_test": True,
                    "lab_method": "MDHS 14/4",
                    "lab_accreditation": "accredited",
                    "lab_turnaround_days": 10,
                    "lab_max_holding_hours": 720,
                    "list_price": 100.0,
                },
                {
                    "name": "Noise exposure",
                    "type": "service",
                    "is_lab_test": True,
                    "lab_method": "TS EN ISO 9612",
                    "lab_accreditation": "accredited",
                    "lab_turnaround_days": 5,
                    "list_price": 200.0,
                },
                {
                    "name": "Crystalline silica",
                    "type": "service",
                    "is_lab_test": True,
                    "lab_method": "NIOSH 7500",
                    "lab_accreditation": "subcontracted",
                    "lab_turnaround_days": 20,
                    "list_price": 300.0,
                },
            ]
        )
        cls.not_a_test = Product.create(
            {"name": "Travel costs", "type": "service", "list_price": 50}
        )
        cls.subcontractor = Partner.create(
            {
                "name": "Partner Lab Ltd",
                "is_company": True,
                "is_lab_subcontractor": True,
                "lab_subcontract_scope": "Crystalline silica by XRD (NIOSH 7500)",
                "lab_subcontract_expiry": "2099-12-31",
            }
        )

    @classmethod
    def _lab_order(cls, partner, products=None, confirm=False):
        """A lab order as customer service staff would enter it."""
        products = products or cls.test_dust
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": p.id, "product_uom_qty": 1}) for p in products
                ],
            }
        )
        if confirm:
            cls._confirm_lab_order(order)
        return order

    @classmethod
    def _approve_lab_review(cls, order):
        """Customer service answers the checklist and submits it; the Deputy Director approves.

        Subcontracted lines get the approved subcontractor and the customer's written consent.
        """
        for line in order.order_line.filtered(lambda sol: sol.lab_accreditation == "subcontracted"):
            line.write(
                {
                    "lab_subcontractor_id": line.lab_subcontractor_id.id or cls.subcontractor.id,
                    "lab_consent_date": "2026-01-15",
                    "lab_consent_document": "Q29uc2VudA==",
                    "lab_consent_filename": "consent.pdf",
                }
            )
        review = order.lab_review_id.with_user(cls.staff)
        if review.revision_id and not review.revision_id.reason:
            review.revision_id.reason = "Requested by the customer"
        if review.state == "draft":
            review.line_ids.write({"answer": "yes"})
            review.action_submit()
        if review.state == "submitted":
            review.with_user(cls.deputy).action_approve()
        return review

    @classmethod
    def _confirm_lab_order(cls, order):
        """Confirm an order the way the lab does it: whatever the gate requires, then confirm."""
        for lab_order in order.filtered("is_lab_order"):
            cls._approve_lab_review(lab_order)
        order.action_confirm()
        return order
