from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase


def identity_leaks(env, complaint, needles):
    """Every place an anonymous complaint could keep its filer, as ``(where, needle)`` pairs."""
    env = env(su=True)
    complaint = complaint.with_env(env)
    leaks = []
    values = complaint.read(list(complaint._fields))[0]
    for field, value in values.items():
        for needle in needles:
            if needle and needle.lower() in str(value).lower():
                leaks.append((f"lab.complaint.{field}", needle))
    messages = env["mail.message"].search(
        [("model", "=", "lab.complaint"), ("res_id", "=", complaint.id)]
    )
    for message in messages:
        text = " ".join(
            str(v)
            for v in (
                message.body,
                message.email_from,
                message.author_id.name,
                message.create_uid.name,
                message.reply_to,
            )
        )
        for needle in needles:
            if needle and needle.lower() in text.lower():
                leaks.append((f"mail.message {message.id}", needle))
    followers = env["mail.followers"].search(
        [("res_model", "=", "lab.complaint"), ("res_id", "=", complaint.id)]
    )
    for follower in followers:
        for needle in needles:
            if (
                needle
                and needle.lower()
                in f"{follower.partner_id.name} {follower.partner_id.email}".lower()
            ):
                leaks.append((f"mail.followers {follower.id}", needle))
    attachments = env["ir.attachment"].search(
        [("res_model", "=", "lab.complaint"), ("res_id", "=", complaint.id)]
    )
    for attachment in attachments:
        for needle in needles:
            if needle and needle.lower() in f"{attachment.create_uid.name}".lower():
                leaks.append((f"ir.attachment {attachment.id}", needle))
    return leaks, messages, followers


@tagged("post_install", "-at_install")
class TestAnonymous(ComplaintCase):
    def test_anonymous_staff_concern_keeps_no_identity(self):
        Wizard = self.env["lab.complaint.concern.wizard"].with_user(self.technician)
        wizard = Wizard.create(
            {
                "is_anonymous": True,
                "subject": "Pressure to change results",
                "description": "A supervisor asked to round a result down.",
            }
        )
        wizard.action_submit()
        self.assertFalse(wizard.exists(), "the wizard line, which named the filer, is gone")
        complaint = self.Complaint.sudo().search([("subject", "=", "Pressure to change results")])
        self.assertTrue(complaint.is_anonymous)
        self.assertEqual(complaint.channel, "internal")
        self.assertEqual(complaint.complaint_type, "concern")
        self.assertNotEqual(complaint.create_uid, self.technician)
        self.assertNotEqual(complaint.write_uid, self.technician)
        needles = [
            self.technician.name,
            self.technician.login,
            self.technician.email,
            self.technician.partner_id.phone,
        ]
        leaks, messages, followers = identity_leaks(self.env, complaint, needles)
        self.assertEqual(leaks, [])
        self.assertTrue(messages, "the receipt is logged")
        for message in messages:
            self.assertFalse(message.author_id)
            self.assertEqual(message.email_from, "Anonymous")
            self.assertNotEqual(message.create_uid, self.technician)
        self.assertNotIn(self.technician.partner_id, followers.partner_id)
        self.assertFalse(
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "lab.complaint"), ("res_id", "=", complaint.id)]),
            "an anonymous complaint is never mailed",
        )
        # The technician cannot read complaints, their own anonymous one included.
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.technician).search([])

    def test_anonymous_refuses_any_identity(self):
        complaint = self.Complaint._lab_create_anonymous(
            [
                {
                    "subject": "Noise",
                    "channel": "phone",
                    "partner_id": self.contact_a.id,
                    "email_from": "alice@customer.example.com",
                }
            ]
        )
        self.assertFalse(complaint.sudo().partner_id, "identity values are dropped")
        self.assertFalse(complaint.sudo().email_from)
        with self.assertRaises(ValidationError):
            complaint.sudo().write({"partner_id": self.contact_a.id})
        with self.assertRaisesRegex(UserError, "Anonymous"):
            complaint.with_user(self.quality_manager).write({"is_anonymous": False})
        self.assertTrue(complaint.is_anonymous)
