from collections import defaultdict

from odoo import api, fields, models

from .lab_roles import CUSTOMER_DATA

CUSTODY_STAGES = [
    ("customer", "Customer"),
    ("courier", "Courier"),
    ("reception", "Reception"),
    ("storage", "Storage"),
    ("analysis", "Analysis"),
    ("returned", "Returned to Customer"),
    ("disposed", "Disposed"),
]


class LabCustodyEvent(models.Model):
    """One hand-over of samples (or of a whole submission before its samples are registered):
    who took them, when, from which stage to which (R-SR-01/03, issue 19 point 3). A delivery
    of 5,000 samples put on a shelf is one event holding its 5,000 samples, not 5,000 events
    (R-SR-06). An event holds the samples of one customer, one company and one submission only:
    the customer reads the events of its own samples in the portal. A register written by the
    system as each step happens."""

    _name = "lab.custody.event"
    _description = "Custody Event"
    _inherit = ["lab.register.mixin"]
    _order = "date desc, id desc"

    sample_ids = fields.Many2many(
        "lab.sample",
        "lab_custody_event_sample_rel",
        "event_id",
        "sample_id",
        string="Samples",
        readonly=True,
    )
    sample_count = fields.Integer(string="Number of Samples", compute="_compute_sample_count")
    submission_id = fields.Many2one(
        "lab.sample.submission", index="btree_not_null", ondelete="cascade", readonly=True
    )
    from_stage = fields.Selection(CUSTODY_STAGES, string="From", readonly=True)
    to_stage = fields.Selection(CUSTODY_STAGES, string="To", required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, readonly=True, default=lambda s: s.env.user
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    note = fields.Char(readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        index=True,
        groups=f"{CUSTOMER_DATA},base.group_portal",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)

    @api.depends("sample_ids")
    def _compute_sample_count(self):
        # the relation of every event in one query (prefetch), no count query per event
        for event in self:
            event.sample_count = len(event.sample_ids)

    def _lab_register_message(self):
        return self.env._("Custody events are recorded by the steps of a sample's life only.")

    @api.model
    def _lab_log(self, vals_list):
        """Record ``vals_list`` in one ``create``, as the system. Each entry is a submission's
        hand-over (``submission_id``), its partner and company taken from the submission, or
        carries them already (see ``_lab_log_samples``)."""
        if not vals_list:
            return self.browse()
        env = self.sudo().env
        submissions = env["lab.sample.submission"].browse(
            {v["submission_id"] for v in vals_list if "company_id" not in v}
        )
        by_submission = {s.id: s for s in submissions}
        uid = self.env.uid
        now = fields.Datetime.now()
        full = []
        for vals in vals_list:
            owner = by_submission.get(vals.get("submission_id"))
            defaults = {"user_id": uid, "date": now}
            if owner and "company_id" not in vals:
                defaults.update(partner_id=owner.partner_id.id, company_id=owner.company_id.id)
            full.append({**defaults, **{k: v for k, v in vals.items() if v is not None}})
        return self.sudo().create(full)

    @api.model
    def _lab_log_samples(self, entries):
        """One event per hand-over: ``entries`` is ``[(samples, vals)]``, each the samples
        handed over together with its ``vals`` (stages, moment, hand, note). The samples of an
        entry with the same customer, company and submission share one event: a customer's
        event never holds another customer's sample, which the portal rule on ``partner_id``
        relies on. One query reads the owners of every sample, whatever the count."""
        entries = [(samples, vals) for samples, vals in entries if samples]
        if not entries:
            return self.browse()
        owners = {}
        samples = self.env["lab.sample"].union(*(samples for samples, _vals in entries))
        for partner, company, submission, ids in samples.sudo()._read_group(
            [("id", "in", samples.ids)],
            ["partner_id", "company_id", "submission_id"],
            ["id:array_agg"],
        ):
            owners.update(dict.fromkeys(ids, (partner.id, company.id, submission.id)))
        vals_list = []
        for samples, vals in entries:
            by_owner = defaultdict(list)
            for sample_id in samples.ids:
                by_owner[owners[sample_id]].append(sample_id)
            vals_list += [
                {
                    **vals,
                    "partner_id": partner,
                    "company_id": company,
                    "submission_id": submission,
                    "sample_ids": [fields.Command.set(ids)],
                }
                for (partner, company, submission), ids in by_owner.items()
            ]
        return self._lab_log(vals_list)

    @api.model
    def _lab_log_reception(self, samples):
        """The hand-overs of newly registered samples: to reception (from the courier of their
        submission, else from the customer), then to their shelf if they have one. The samples
        received together (same moment, hand, shelf and submission) share their events: a
        delivery of thousands is one or two events, grouped by one query, not by reading each
        sample (R-SR-06)."""
        entries = []
        for user, location, submitted, ids, dates in samples.sudo()._read_group(
            [("id", "in", samples.ids)],
            ["received_by_id", "location_id", "submission_id"],
            ["id:array_agg", "date_received:array_agg"],
        ):
            by_date = defaultdict(list)
            for sample_id, date in zip(ids, dates, strict=True):
                by_date[date].append(sample_id)
            for date, date_ids in by_date.items():
                received = self.env["lab.sample"].browse(date_ids)
                hand_over = {"date": date, "user_id": user.id or self.env.uid}
                from_stage = "courier" if submitted else "customer"
                entries.append(
                    (received, {**hand_over, "from_stage": from_stage, "to_stage": "reception"})
                )
                if location:
                    entries.append(
                        (
                            received,
                            {
                                **hand_over,
                                "from_stage": "reception",
                                "to_stage": "storage",
                                "note": location.display_name,
                            },
                        )
                    )
        return self._lab_log_samples(entries)

    @api.model
    def _lab_last_stages(self, samples):
        """{sample id: the stage it was last handed to} (two queries, whatever the count)."""
        if not samples:
            return {}
        last = self.sudo()._read_group(
            [("sample_ids", "in", samples.ids)], ["sample_ids"], ["id:max"]
        )
        wanted = set(samples.ids)
        last = [(sample.id, event_id) for sample, event_id in last if sample.id in wanted]
        stages = {e.id: e.to_stage for e in self.sudo().browse([e for _s, e in last])}
        return {sample_id: stages[event_id] for sample_id, event_id in last}
