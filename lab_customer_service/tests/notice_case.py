class NoticeAssertions:
    """Issue 17: a notice goes to the person it greets (for the lab's customer notices, the
    order's contact; the customer company's own address only when the order names no contact
    person). Mixed into a test case."""

    def assertNoticeTo(self, message, person):
        """``message`` was posted to ``person`` only, and nobody outside the lab but ``person``
        was notified of it."""
        self.assertEqual(len(message), 1, "one notice")
        self.assertEqual(message.partner_ids, person, message.subject)
        notified = message.notification_ids.res_partner_id
        outside = notified.filtered(lambda p: not p.user_ids or all(p.user_ids.mapped("share")))
        self.assertEqual(outside, person, message.subject)
        self.assertIn(person.name, str(message.body), "the person notified is the one greeted")

    def assertMailTo(self, mail, person):
        """A queued ``mail.mail`` goes to ``person`` only."""
        self.assertEqual(len(mail), 1, "one mail")
        self.assertEqual(mail.recipient_ids, person, mail.subject)
        self.assertFalse(mail.email_to, "no address besides the person's")
        self.assertIn(person.name, str(mail.body_html), "the person mailed is the one greeted")

    def _mails(self, record):
        return self.env["mail.mail"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )

    def _notices(self, record):
        """The messages of ``record`` sent to its followers and recipients (not notes)."""
        comment = self.env.ref("mail.mt_comment")
        return record.message_ids.filtered(lambda m: m.subtype_id == comment)
