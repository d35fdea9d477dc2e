from datetime import date, timedelta

from odoo.addons.lab_customer_service.tests.common import LabCase


class ComplaintCase(LabCase):
    """A confirmed order for customer A with two samples and a released report, and the people
    who worked on them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["lab.complaint"]
        cls.order_a = cls._lab_order(cls.customer_a, confirm=True)
        cls.order_b = cls._lab_order(cls.customer_b, confirm=True)
        cls.sample_a1, cls.sample_a2 = cls.env["lab.sample"].create(
            [
                {"order_id": cls.order_a.id, "received_by_id": cls.reception.id},
                {"order_id": cls.order_a.id, "received_by_id": cls.reception.id},
            ]
        )
        cls.sample_b1 = cls.env["lab.sample"].create(
            {"order_id": cls.order_b.id, "received_by_id": cls.reception.id}
        )
        objection_deadline = date.today() + timedelta(days=10)
        cls.report_a = cls.env["lab.test.report"].create(
            {
                "order_id": cls.order_a.id,
                "sample_ids": [(6, 0, (cls.sample_a1 | cls.sample_a2).ids)],
                "prepared_by_id": cls.supervisor.id,
                "reviewed_by_id": cls.technical_manager.id,
                "authorised_by_id": cls.deputy.id,
                "state": "released",
                "objection_deadline": objection_deadline,
            }
        )
        cls.report_b = cls.env["lab.test.report"].create(
            {
                "order_id": cls.order_b.id,
                "sample_ids": [(6, 0, cls.sample_b1.ids)],
                "state": "released",
                "objection_deadline": objection_deadline,
            }
        )
        cls.stage = {
            step: cls.env["lab.complaint.stage"].search([("step", "=", step)], limit=1)
            for step in (
                "received",
                "acknowledged",
                "validated",
                "investigation",
                "decided",
                "closed",
            )
        }
        cls.category = cls.env.ref("lab_complaints.category_results")
        # Demo data may hold complaints already: tests look only at the ones they make.
        cls.last_complaint_id = (
            cls.env["lab.complaint"].sudo().search([], order="id desc", limit=1).id or 0
        )

    def _complaint(self, user=None, **values):
        values = {
            "subject": "Dust result looks too high",
            "description": "<p>The dust figure is ten times last year's.</p>",
            "channel": "phone",
            "partner_id": self.contact_a.id,
            "order_id": self.order_a.id,
            "report_id": self.report_a.id,
            "category_id": self.category.id,
            **values,
        }
        return self.Complaint.with_user(user or self.staff).create(values)

    def _validate(self, complaint, justified="yes"):
        complaint.with_user(self.quality_manager).write(
            {
                "is_lab_activity": "yes",
                "lab_activity_reason": "It is about our dust test.",
                "is_justified": justified,
                "justified_reason": "The balance was out of calibration.",
            }
        )
        complaint.with_user(self.quality_manager).action_validate()
        complaint.with_user(self.quality_manager).action_investigate()
        return complaint

    def _decide(self, complaint, director=None, quality_manager=None, as_user=None):
        director = director or self.director
        quality_manager = quality_manager or self.quality_manager
        return complaint.with_user(as_user or quality_manager)._lab_decide(
            director, quality_manager, "<p>We repeat the test free of charge.</p>"
        )
