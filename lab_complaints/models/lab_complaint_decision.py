from collections import defaultdict

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from odoo.addons.lab_customer_service.models.lab_roles import (
    DEPUTY_DIRECTOR,
    LAB_USER,
    QUALITY_MANAGER,
)

# The decision as the complaint shows it: read from its lab.complaint.decision, never written.
DECISION_FIELDS = {
    "decision_id",
    "decision",
    "decision_director_id",
    "decision_quality_manager_id",
    "impartiality_check",
    "date_decided",
}
VALIDATION_FIELDS = {"is_lab_activity", "lab_activity_reason", "is_justified", "justified_reason"}
# Each validation answer, and who gave it.
VALIDATION_BY = {
    "is_lab_activity": "lab_activity_by_id",
    "lab_activity_reason": "lab_activity_by_id",
    "is_justified": "justified_by_id",
    "justified_reason": "justified_by_id",
}
YES_NO = [("yes", "Yes"), ("no", "No")]


class LabComplaintDecision(models.Model):
    """The impartial decision on a complaint (R-CP-04, 17025 §7.9.6): who decided, what, when,
    and the impartiality check that let them.

    Made only by ``lab.complaint._lab_decide``, which runs the check first; nobody creates,
    changes or deletes one otherwise (no access row grants it, and the methods refuse it), as
    a posted journal entry.
    """

    _name = "lab.complaint.decision"
    _inherit = ["lab.register.mixin"]
    _description = "Complaint Decision"
    _order = "date_decided desc, id desc"
    _rec_name = "complaint_id"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "lab.complaint", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    complaint_type = fields.Selection(related="complaint_id.complaint_type", string="Type")
    director_id = fields.Many2one(
        "res.users", string="Director/Deputy", required=True, readonly=True
    )
    quality_manager_id = fields.Many2one("res.users", required=True, readonly=True)
    outcome = fields.Html(
        required=True,
        readonly=True,
        help="The outcome as the complainant reads it in the outcome letter.",
    )
    impartiality_check = fields.Text(required=True, readonly=True, groups=LAB_USER)
    date_decided = fields.Datetime(
        string="Decided On", required=True, readonly=True, default=fields.Datetime.now
    )
    recorded_by_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )

    _complaint_unique = models.Constraint("UNIQUE(complaint_id)", "A complaint is decided once.")

    def _lab_register_message(self):
        return self.env._(
            "A complaint decision is recorded by Decide on the complaint, after its impartiality "
            "check, and never changed or deleted afterwards (R-CP-04)."
        )


class LabComplaint(models.Model):
    """Validation, investigation and the impartial decision of a complaint (R-CP-03..05), and
    the corrective actions it opens, which may hold its closing (R-CP-06)."""

    _inherit = "lab.complaint"
    _lab_protected_actions = {
        "_lab_record_validation": (
            *sorted(VALIDATION_FIELDS),
            "lab_activity_by_id",
            "justified_by_id",
        ),
        "action_validate": ("stage_id", "date_validated"),
        "action_investigate": ("stage_id",),
        # The decision record is made by _lab_decide; what shows it here is never written.
        "_lab_decide": (*sorted(DECISION_FIELDS), "stage_id"),
    }

    # Validation (R-CP-03): each answer with its reason and who gave it.
    is_lab_activity = fields.Selection(YES_NO, string="Relates to Lab Activities", tracking=True)
    lab_activity_reason = fields.Text(string="Why (Lab Activities)", groups=LAB_USER)
    lab_activity_by_id = fields.Many2one(
        "res.users", string="Decided By (Activities)", readonly=True
    )
    is_justified = fields.Selection(YES_NO, string="Justified", tracking=True, index=True)
    justified_reason = fields.Text(string="Why (Justified)", groups=LAB_USER)
    justified_by_id = fields.Many2one("res.users", string="Decided By (Justified)", readonly=True)

    # Internal only (R-CP-05): never rendered to the complainant, never mailed.
    investigation_note = fields.Html(string="Investigation Notes", groups=LAB_USER)

    # The impartial decision (R-CP-04): one lab.complaint.decision, made by _lab_decide.
    decision_ids = fields.One2many("lab.complaint.decision", "complaint_id", readonly=True)
    decision_id = fields.Many2one(
        "lab.complaint.decision",
        compute="_compute_decision_id",
        store=True,
        index="btree_not_null",
        string="Decision Record",
    )
    decision = fields.Html(related="decision_id.outcome", string="Outcome")
    decision_director_id = fields.Many2one(
        related="decision_id.director_id", string="Decided By (Director/Deputy)"
    )
    decision_quality_manager_id = fields.Many2one(
        related="decision_id.quality_manager_id", string="Decided By (Quality Manager)"
    )
    impartiality_check = fields.Text(related="decision_id.impartiality_check", groups=LAB_USER)

    date_decided = fields.Datetime(related="decision_id.date_decided", store=True)

    # Corrective actions (OCA mgmtsystem.action) opened from the complaint (R-CP-06)
    action_ids = fields.One2many(
        "mgmtsystem.action", "complaint_id", string="Actions", groups=QUALITY_MANAGER
    )
    action_count = fields.Integer(compute="_compute_action_count", compute_sudo=True)
    open_action_count = fields.Integer(compute="_compute_action_count", compute_sudo=True)
    open_actions_reason = fields.Text(
        string="Why Close with Open Actions",
        tracking=True,
        groups=LAB_USER,
        help="Filled by one of the deciders when the complaint closes before its actions do.",
    )

    @api.depends("decision_ids")
    def _compute_decision_id(self):
        for complaint in self:
            complaint.decision_id = complaint.decision_ids[:1]

    def write(self, vals):
        if VALIDATION_FIELDS & vals.keys():
            complaints, vals = self._lab_record_validation(vals)
            return super(LabComplaint, complaints).write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------ validation (R-CP-03)

    @api.constrains("stage_id")
    def _check_step(self):
        for complaint in self:
            if complaint.step in ("validated", "investigation", "decided", "closed") and not (
                complaint.is_lab_activity
                and complaint.is_justified
                and complaint.sudo().lab_activity_reason
                and complaint.sudo().justified_reason
            ):
                raise ValidationError(
                    self.env._(
                        "%(ref)s must first be validated: does it relate to the lab's activities, "
                        "and is it justified? Each answer with its reason.",
                        ref=complaint.name,
                    )
                )
            if complaint.step in ("decided", "closed") and not complaint.decision_id:
                raise ValidationError(
                    self.env._(
                        "%(ref)s has no impartial decision yet: use Decide.", ref=complaint.name
                    )
                )

    def _check_quality_manager(self):
        self._lab_check_role(
            QUALITY_MANAGER,
            message=self.env._(
                "Only the Quality Manager validates a complaint and takes it past "
                "acknowledgement (R-CP-03)."
            ),
        )

    def _lab_record_validation(self, vals):
        """The Quality Manager's answers of the validation (R-CP-03), typed on the form while
        the complaint is acknowledged or validated; each answer records who gave it.

        Called by ``write`` when ``vals`` holds answers: returns the complaints allowed to take
        them, and the values with who answered.
        """
        if self.env.su and self.env.uid == SUPERUSER_ID:
            return self, vals
        self._check_quality_manager()
        try:
            self._check_step_is("acknowledged", "validated")
        except UserError as wrong_step:
            # Outside these steps a write is no validation: the answers are protected fields.
            answers = sorted(VALIDATION_FIELDS & vals.keys())
            raise UserError(
                self.env._(
                    "%(step)s\n%(refusal)s",
                    step=wrong_step.args[0],
                    refusal=self._lab_protected_message(*answers),
                )
            ) from None
        by_fields = sorted(set(VALIDATION_BY.values()) & vals.keys())
        if by_fields:
            self._lab_refuse_protected(*by_fields)
        vals = dict(vals)
        for fname in VALIDATION_FIELDS & vals.keys():
            vals[VALIDATION_BY[fname]] = self.env.user.id
        return self._lab_grant("_lab_record_validation"), vals

    def action_validate(self):
        self._check_quality_manager()
        self._check_step_is("acknowledged")
        for complaint in self:
            if not (complaint.lab_activity_reason and complaint.justified_reason):
                raise UserError(
                    self.env._(
                        "Give the reason for both answers before validating %(ref)s.",
                        ref=complaint.name,
                    )
                )
        self._lab_grant("action_validate").write({"stage_id": self._stage_for("validated").id})
        return True

    def action_investigate(self):
        self._check_quality_manager()
        self._check_step_is("validated")
        self._lab_grant("action_investigate").write(
            {"stage_id": self._stage_for("investigation").id}
        )
        return True

    # ------------------------------------------------------------------ decision (R-CP-04)

    def action_open_decision_wizard(self):
        self.ensure_one()
        self._check_step_is("investigation")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Impartial Decision"),
            "res_model": "lab.complaint.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def _lab_involvement(self):
        """Who took part in the work complained about, and how: ``{user: [what they did]}``.

        Read as the system: the check must see every person, whatever the reader may see.
        """
        self.ensure_one()
        complaint = self.sudo()
        reasons = defaultdict(list)
        report = complaint.report_id
        samples = complaint.sample_ids | report.sample_ids
        orders = complaint.order_id | report.order_id | samples.order_id
        for record in [*report, *samples, *orders]:
            for user, how in self._lab_roles_in(record):
                if how not in reasons[user]:
                    reasons[user].append(how)
        return reasons

    def _lab_roles_in(self, record):
        """``[(user, what they did)]`` in ``record`` (a report, a sample or an order), each a
        whole sentence part: "authorised report R-0001", not "involved: report R-0001"."""
        roles = [(user, how) for users, how in self._lab_named_roles(record) for user in users]
        # Whoever another module records as involved, in a way not named above.
        named = {user for user, _how in roles}
        roles += [
            (user, self.env._("took part in the work on %(ref)s", ref=record.display_name))
            for user in record._lab_involved_users()
            if user not in named
        ]
        return roles

    def _lab_named_roles(self, record):
        """``[(users, what they did)]``: the roles the lab records on ``record`` by name."""
        _ = self.env._
        ref = record.display_name
        if record._name == "lab.test.report":
            return [
                (record.prepared_by_id, _("prepared report %(ref)s", ref=ref)),
                (record.reviewed_by_id, _("reviewed report %(ref)s", ref=ref)),
                (record.authorised_by_id, _("authorised and signed report %(ref)s", ref=ref)),
            ]
        if record._name == "lab.sample":
            return [
                (record.received_by_id, _("received sample %(ref)s", ref=ref)),
                (
                    record.condition_checked_by_id,
                    _("checked the condition of sample %(ref)s", ref=ref),
                ),
                (record.disposal_id.disposed_by_id, _("disposed of sample %(ref)s", ref=ref)),
                (record.return_id.handed_over_by_id, _("handed sample %(ref)s back", ref=ref)),
            ]
        if record._name == "sale.order":
            return self._lab_roles_in_order(record)
        return []

    def _lab_roles_in_order(self, order):
        """The contract review of the order, and the roles in its samples and reports."""
        _ = self.env._
        ref = order.display_name
        roles = []
        for review in order.lab_review_ids:
            roles += [
                (review.reviewer_id, _("reviewed the contract of order %(ref)s", ref=ref)),
                (review.approver_id, _("approved the contract review of order %(ref)s", ref=ref)),
            ]
        for work in [*order.lab_sample_ids, *order.lab_report_ids]:
            roles += self._lab_roles_in(work)
        return roles

    def _lab_decide(self, director, quality_manager, decision):
        """Record the impartial decision of ``director`` and ``quality_manager`` (R-CP-04):
        a ``lab.complaint.decision`` with the check that allowed it.

        Refuses a decision made by anybody involved in the work complained about, with the reason.
        """
        self.ensure_one()
        self._check_step_is("investigation")
        self._lab_check_deciders(director, quality_manager)
        if not html2plaintext(decision or "").strip():
            raise UserError(self.env._("Write the outcome the complainant will receive."))
        involvement = self._lab_involvement()
        self._lab_check_not_involved(director | quality_manager, involvement)
        now = fields.Datetime.now()
        # As the system: nobody may create a decision otherwise (no access row grants it).
        self.env["lab.complaint.decision"].sudo().create(
            {
                "complaint_id": self.id,
                "director_id": director.id,
                "quality_manager_id": quality_manager.id,
                "outcome": decision,
                "impartiality_check": self._lab_impartiality_check(
                    director, quality_manager, involvement, now
                ),
                "date_decided": now,
                "recorded_by_id": self.env.user.id,
            }
        )
        self._lab_grant("_lab_decide").write({"stage_id": self._stage_for("decided").id})
        return True

    def _lab_check_deciders(self, director, quality_manager):
        """The deciders are a Director or Deputy and a Quality Manager, two people, and the
        user recording the decision is one of them."""
        if not director.has_group(DEPUTY_DIRECTOR):
            raise UserError(
                self.env._("%(name)s is not the Director or a Deputy.", name=director.name)
            )
        if not quality_manager.has_group(QUALITY_MANAGER):
            raise UserError(
                self.env._("%(name)s is not a Quality Manager.", name=quality_manager.name)
            )
        if director == quality_manager:
            raise UserError(
                self.env._("The Director or Deputy and the Quality Manager are two people.")
            )
        if self.env.user not in director | quality_manager:
            raise AccessError(
                self.env._(
                    "Only one of the two deciders records the decision on %(ref)s.", ref=self.name
                )
            )

    def _lab_check_not_involved(self, deciders, involvement):
        """Refuse ``deciders`` who took part in the work complained about (17025 §7.9.6),
        naming what each of them did; ``involvement`` is ``_lab_involvement()``."""
        refused = [person for person in deciders if person in involvement]
        if not refused:
            return
        raise UserError(
            self.env._(
                "The decision on %(ref)s must be made by people not involved in the work "
                "complained about (ISO/IEC 17025 §7.9.6). %(people)s",
                ref=self.name,
                people=" ".join(
                    self.env._(
                        "%(name)s was involved: %(how)s.",
                        name=person.name,
                        how=", ".join(involvement[person]),
                    )
                    for person in refused
                ),
            )
        )

    def _lab_impartiality_check(self, director, quality_manager, involvement, now):
        """The record of the passed check, as the decision keeps it: when, by whom, who was
        involved in the work and that neither decider was."""
        involved = ", ".join(
            f"{person.name} ({', '.join(how)})" for person, how in involvement.items()
        ) or self.env._("nobody recorded")
        return self.env._(
            "Impartiality check %(date)s by %(user)s. Involved in the work complained about: "
            "%(involved)s. Deciders %(director)s (Director/Deputy) and %(quality)s (Quality "
            "Manager): not involved. Result: passed.",
            date=self.company_id._lab_format_datetime(now),
            user=self.env.user.name,
            involved=involved,
            director=director.name,
            quality=quality_manager.name,
        )

    # ------------------------------------------------------------------ corrective actions

    @api.depends("action_ids.stage_id.is_ending")
    def _compute_action_count(self):
        for complaint in self:
            complaint.action_count = len(complaint.action_ids)
            complaint.open_action_count = len(complaint._open_actions())

    def action_new_action(self):
        """Open a corrective action from this complaint (R-CP-06)."""
        self.ensure_one()
        if self.step == "closed":
            raise UserError(self.env._("%(ref)s is closed.", ref=self.name))
        action = self.env["mgmtsystem.action"].create(
            {
                "name": f"{self.name}: {self.subject}",
                "type_action": "correction",
                "complaint_id": self.id,
                "company_id": self.company_id.id,
                "description": Markup("<p>%s</p>")
                % self.env._("Opened from complaint %(ref)s.", ref=self.name),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mgmtsystem.action",
            "res_id": action.id,
            "view_mode": "form",
        }

    def action_view_actions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Actions"),
            "res_model": "mgmtsystem.action",
            "view_mode": "list,form",
            "domain": [("complaint_id", "=", self.id)],
            "context": {"default_complaint_id": self.id, "default_type_action": "correction"},
        }

    def _open_actions(self):
        return self.sudo().action_ids.filtered(lambda action: not action.stage_id.is_ending)

    def _check_can_close(self):
        """Who may close, and whether the open actions let them (R-CP-06); the stage changes
        only through Close, which checks this."""
        if self.env.su:
            return
        for complaint in self:
            deciders = complaint.decision_director_id | complaint.decision_quality_manager_id
            if self.env.user not in deciders and not self.env.user.has_group(QUALITY_MANAGER):
                raise AccessError(
                    self.env._("Only the deciders or the Quality Manager close a complaint.")
                )
            open_actions = complaint._open_actions()
            if not open_actions:
                continue
            if not complaint.open_actions_reason:
                raise UserError(
                    self.env._(
                        "%(ref)s cannot close while its actions %(actions)s are open. Close them, "
                        "or let one of the deciders record why the complaint may close first.",
                        ref=complaint.name,
                        actions=", ".join(open_actions.mapped("reference")),
                    )
                )
            if self.env.user not in deciders:
                raise UserError(
                    self.env._(
                        "Only %(names)s, who decided %(ref)s, may close it while actions are open.",
                        names=", ".join(deciders.mapped("name")),
                        ref=complaint.name,
                    )
                )

    def _log_closing(self):
        for complaint in self:
            open_actions = complaint._open_actions()
            if open_actions:
                complaint.message_post(
                    body=self.env._(
                        "Closed with open actions %(actions)s: %(why)s",
                        actions=", ".join(open_actions.mapped("reference")),
                        why=complaint.sudo().open_actions_reason,
                    )
                )
