from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import LabCase
from .rpc import RpcCase

REQUEST = "lab.customer.request"


@tagged("post_install", "-at_install")
class TestRequestControls(LabCase, RpcCase):
    """Issue 15, R-CM-01, R-CM-02: a customer request is answered, dated and escalated only
    through its actions, whoever calls over JSON-RPC in a real session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.lab_request_response_days = 2
        cls.env.company.lab_request_supervisor_id = cls.supervisor
        # Received ten days ago: its two working days are long past.
        with freeze_time(cls.now - timedelta(days=10)):
            cls.request = cls.env[REQUEST].create(
                {
                    "subject": "Price of a noise survey",
                    "partner_id": cls.contact_a.id,
                    "channel": "portal",
                    "request_type": "price",
                }
            )
        cls.request._portal_ensure_token()
        cls.received = cls.request.date_received
        cls.deadline = cls.request.date_deadline

    def _assert_untouched(self, request=None):
        request = request or self.request
        self.assertEqual(request.state, "new")
        self.assertFalse(request.date_answered)
        self.assertFalse(request.answered_by_id)
        self.assertFalse(request.date_escalated)
        self.assertEqual(request.date_received, self.received)
        self.assertEqual(request.date_deadline, self.deadline)

    def _count(self, subject):
        return self.env[REQUEST].search_count([("subject", "=", subject)])

    def _post_message(self, user, request, context, token=None):
        """Post on the request's chatter as the portal page or the web client does."""
        self.authenticate(user.login, user.login)
        self.env.flush_all()
        with mute_logger("odoo.http"):
            response = self.opener.post(
                f"{self.base_url()}/mail/message/post",
                json={
                    "id": 0,
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "thread_model": REQUEST,
                        "thread_id": request.id,
                        "post_data": {
                            "body": "Thank you, that answers my question.",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                        },
                        "context": context,
                        "token": token,
                    },
                },
                timeout=30,
            )
        self.env.invalidate_all()
        return response.json()

    def _csrf(self):
        page = self.url_open("/my/lab/requests/new").text
        marker = 'name="csrf_token" value="'
        start = page.index(marker) + len(marker)
        return page[start : page.index('"', start)]

    # ------------------------------------------------------------------ portal

    def test_portal_cannot_create_a_request_over_rpc(self):
        """The form is the portal's one way in: a request made answered and dated in 2000
        over RPC is refused, and so is any other."""
        forged = {
            "subject": "Forged answered request",
            "partner_id": self.contact_a.id,
            "channel": "portal",
            "state": "answered",
            "answer": "<p>Already answered.</p>",
            "date_received": "2000-01-01 00:00:00",
        }
        self.assertRpcRefused(self.portal_a, REQUEST, "create", [forged])
        self.assertRpcRefused(
            self.portal_a,
            REQUEST,
            "create",
            [{"subject": "Forged answered request", "partner_id": self.contact_a.id}],
        )
        self.assertEqual(self._count("Forged answered request"), 0)
        self.assertRpcRefused(
            self.portal_a, REQUEST, "write", [self.request.id], {"state": "answered"}
        )
        self._assert_untouched()

    def test_portal_form_sets_only_its_own_fields(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open(
            "/my/lab/requests/new",
            data={
                "subject": "Lead time for silica",
                "request_type": "lead_time",
                "description": "Twelve filters.",
                "state": "answered",
                "answer": "<p>Already answered.</p>",
                "date_received": "2000-01-01 00:00:00",
                "date_deadline": "2099-01-01",
                "date_escalated": "2000-01-02 00:00:00",
                "user_id": self.staff.id,
                "partner_id": self.contact_b.id,
                "channel": "email",
                "csrf_token": self._csrf(),
            },
        )
        self.assertEqual(response.status_code, 200)
        created = self.env[REQUEST].search([("subject", "=", "Lead time for silica")])
        self.assertEqual(len(created), 1)
        self.assertEqual(created.state, "new")
        self.assertFalse(created.answer)
        self.assertFalse(created.user_id)
        self.assertFalse(created.date_escalated)
        self.assertGreaterEqual(created.date_received, self.now - timedelta(minutes=1))
        self.assertEqual(created.partner_id, self.contact_a, "filed as the user, for their company")
        self.assertEqual(created.channel, "portal")
        self.assertEqual(created.request_type, "lead_time")
        # and it is theirs to follow
        self.assertIn(created.name, response.text)

    def test_portal_message_cannot_mark_the_request_answered(self):
        """A customer's reply, whatever context it carries, neither answers the request nor
        keeps it from escalating (R-CM-02)."""
        result = self._post_message(
            self.portal_a,
            self.request,
            {"mark_lab_request_answered": True},
            token=self.request.access_token,
        )
        self.assertNotIn("error", result, "the customer may still write to the lab")
        self.assertIn(
            "answers my question", self.request.message_ids[:1].body, "the reply is posted"
        )
        self._assert_untouched()
        self.assertTrue(self.request.is_overdue)
        self.env[REQUEST]._cron_escalate_overdue()
        self.assertTrue(self.request.date_escalated)
        self.assertEqual(self.request.activity_ids.user_id, self.supervisor)

    # ------------------------------------------------------------------ staff

    def test_staff_message_with_the_old_key_answers_nothing(self):
        """The allowed role outside the action: a chatter note with the context key is a
        note, not an answer."""
        result = self._post_message(self.staff, self.request, {"mark_lab_request_answered": True})
        self.assertNotIn("error", result)
        self.rpc(
            self.staff,
            REQUEST,
            "message_post",
            [self.request.id],
            body="Called the customer back.",
            message_type="comment",
            context={"mark_lab_request_answered": True},
        )
        self._assert_untouched()

    def test_nobody_writes_the_answered_state_over_rpc(self):
        answered = {
            "state": "answered",
            "date_answered": "2000-01-02 00:00:00",
            "answered_by_id": self.staff.id,
        }
        for user in (self.technician, self.staff, self.quality_manager, self.director):
            for field, value in answered.items():
                self.assertRpcRefused(user, REQUEST, "write", [self.request.id], {field: value})
            self.assertRpcRefused(user, REQUEST, "write", [self.request.id], answered)
        self._assert_untouched()

    def test_nobody_dates_a_request_back_or_forward_over_rpc(self):
        """The response deadline counts from the receipt: neither moves (R-CM-02)."""
        for user in (self.staff, self.quality_manager, self.director):
            self.assertRpcRefused(
                user,
                REQUEST,
                "write",
                [self.request.id],
                {"date_received": "2000-01-01 00:00:00"},
                message="Received On",
            )
            self.assertRpcRefused(
                user,
                REQUEST,
                "write",
                [self.request.id],
                {"date_deadline": "2099-12-31"},
                message="Response Deadline",
            )
            self.assertRpcRefused(
                user,
                REQUEST,
                "write",
                [self.request.id],
                {"date_escalated": "2000-01-01 00:00:00"},
                message="Escalated On",
            )
        self._assert_untouched()
        self.assertTrue(self.request.is_overdue, "still overdue, still escalates")

    def test_nobody_creates_a_request_answered_or_dated_over_rpc(self):
        base = {"subject": "Created answered", "partner_id": self.contact_a.id, "channel": "phone"}
        for user in (self.staff, self.quality_manager, self.director):
            for extra in (
                {"state": "answered", "answer": "<p>Done.</p>"},
                {"date_answered": "2000-01-02 00:00:00", "answered_by_id": user.id},
                {"date_received": "2000-01-01 00:00:00"},
                {"date_deadline": "2099-12-31"},
                {"date_escalated": "2000-01-02 00:00:00"},
                {"state": "cancelled"},
            ):
                self.assertRpcRefused(user, REQUEST, "create", [dict(base, **extra)])
            self.assertRpcRefused(
                user,
                REQUEST,
                "create",
                [base],
                context={"default_state": "answered"},
            )
        self.assertEqual(self._count("Created answered"), 0)
        # Registered the normal way, a request starts new, or assigned with a responsible.
        request_id = self.rpc(self.staff, REQUEST, "create", [dict(base, user_id=self.staff.id)])
        created = self.env[REQUEST].browse(request_id)
        self.assertEqual(created.state, "assigned")
        self.assertTrue(created.date_deadline)

    def test_the_form_registers_a_request(self):
        """The form shows the receipt and the deadline without sending them: a request
        registered minutes after the form opened is dated when it is saved."""
        with freeze_time(self.now):
            form = Form(self.env[REQUEST].with_user(self.staff))
            form.subject = "Silica on the same filters?"
            form.partner_id = self.contact_a
            form.user_id = self.staff
        with freeze_time(self.now + timedelta(minutes=5)):
            request = form.save()
        self.assertEqual(
            request.date_received, self.now.replace(microsecond=0) + timedelta(minutes=5)
        )
        self.assertEqual(request.state, "assigned")
        self.assertTrue(request.date_deadline)

    # ------------------------------------------------------------------ the actions

    def test_answer_through_the_action_then_frozen(self):
        self.rpc(
            self.staff, REQUEST, "write", [self.request.id], {"answer": "<p>120 EUR per point.</p>"}
        )
        for user in (self.portal_a, self.technician):
            self.assertRpcRefused(user, REQUEST, "action_mark_answered", [self.request.id])
        self.assertEqual(self.request.state, "new")
        self.rpc(self.staff, REQUEST, "action_mark_answered", [self.request.id])
        self.assertEqual(self.request.state, "answered")
        self.assertEqual(self.request.answered_by_id, self.staff)
        self.assertEqual(self.request.user_id, self.staff)
        self.assertTrue(self.request.date_answered)
        # What the customer was told stays as it was told.
        self.assertRpcRefused(
            self.staff,
            REQUEST,
            "write",
            [self.request.id],
            {"answer": "<p>Free of charge.</p>"},
            message="can no longer be changed",
        )
        self.assertIn("120 EUR", self.request.answer)
        self.assertRpcRefused(
            self.quality_manager,
            REQUEST,
            "write",
            [self.request.id],
            {"state": "assigned", "date_answered": False},
        )
        self.assertEqual(self.request.state, "answered")
        # Reopening is the action for it, for customer service only.
        self.assertRpcRefused(self.technician, REQUEST, "action_reopen", [self.request.id])
        self.rpc(self.quality_manager, REQUEST, "action_reopen", [self.request.id])
        self.assertEqual(self.request.state, "assigned")
        self.assertFalse(self.request.date_answered)
        self.assertFalse(self.request.answered_by_id)

    def test_cancel_and_take_are_customer_services_actions(self):
        for action in ("action_take", "action_cancel"):
            self.assertRpcRefused(self.technician, REQUEST, action, [self.request.id])
            self.assertRpcRefused(self.portal_a, REQUEST, action, [self.request.id])
        self._assert_untouched()
        self.rpc(self.staff, REQUEST, "action_take", [self.request.id])
        self.assertEqual(self.request.state, "assigned")
        self.assertEqual(self.request.user_id, self.staff)
        self.rpc(self.staff, REQUEST, "action_cancel", [self.request.id])
        self.assertEqual(self.request.state, "cancelled")
        self.assertRpcRefused(
            self.staff, REQUEST, "action_cancel", [self.request.id], message="no longer open"
        )
