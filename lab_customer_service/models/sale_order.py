from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    is_lab_order = fields.Boolean(
        string="Laboratory Order",
        compute="_compute_is_lab_order",
        store=True,
        help="The order contains at least one laboratory test.",
    )
    lab_sample_ids = fields.One2many("lab.sample", "order_id", string="Samples")
    lab_sample_count = fields.Integer(string="Sample Count", compute="_compute_lab_sample_count")
    lab_report_ids = fields.One2many("lab.test.report", "order_id", string="Test Reports")
    # Contract review (R-CR-01..06): the review of the current revision gates confirmation.
    lab_review_ids = fields.One2many("lab.contract.review", "order_id", string="Contract Reviews")
    lab_review_id = fields.Many2one(
        "lab.contract.review",
        string="Contract Review",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    lab_review_state = fields.Selection(
        related="lab_review_id.state", store=True, string="Contract Review Status"
    )
    lab_revision = fields.Integer(related="lab_review_id.revision", string="Revision")
    lab_review_missing = fields.Text(
        string="Missing before Confirmation", compute="_compute_lab_review_missing"
    )
    lab_revision_ids = fields.One2many("lab.order.revision", "order_id", string="Amendments")
    lab_deviation_ids = fields.One2many("lab.order.deviation", "order_id", string="Deviations")
    lab_deviation_count = fields.Integer(compute="_compute_lab_deviation_count")
    has_lab_subcontracting = fields.Boolean(
        compute="_compute_has_lab_subcontracting", string="Has Subcontracted Tests"
    )

    @api.depends("order_line.product_id.is_lab_test")
    def _compute_is_lab_order(self):
        for order in self:
            order.is_lab_order = any(order.order_line.product_id.mapped("is_lab_test"))

    @api.depends("state", "is_lab_order", "lab_review_id.missing", "lab_review_state", "order_line")
    def _compute_lab_review_missing(self):
        for order in self:
            blockers = order._lab_confirmation_blockers() if order.is_lab_order else []
            order.lab_review_missing = "\n".join(blockers)

    def _compute_lab_deviation_count(self):
        counts = dict(
            self.env["lab.order.deviation"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.lab_deviation_count = counts.get(order, 0)

    @api.depends("order_line.lab_accreditation")
    def _compute_has_lab_subcontracting(self):
        for order in self:
            order.has_lab_subcontracting = "subcontracted" in order.order_line.mapped(
                "lab_accreditation"
            )

    def _compute_lab_sample_count(self):
        counts = dict(
            self.env["lab.sample"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.lab_sample_count = counts.get(order, 0)

    def action_view_lab_samples(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lab_customer_service.lab_sample_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def _lab_involved_users(self):
        """Users who took part in the work for these orders (17025 §7.9.6 impartiality).

        Extension point: each feature that records a person acting on an order (contract review,
        reception, report steps) adds them here, so that whoever must judge the work impartially
        can exclude them. Returns a ``res.users`` recordset.
        """
        return (
            self.lab_sample_ids._lab_involved_users()
            | self.lab_report_ids._lab_involved_users()
            | self.lab_review_ids.reviewer_id
            | self.lab_review_ids.approver_id
        )

    # ------------------------------------------------------------------
    # Contract review (R-CR-01..06)
    # ------------------------------------------------------------------

    @api.constrains("partner_id", "is_lab_order", "company_id")
    def _check_lab_legal_entity(self):
        for order in self:
            if (
                order.is_lab_order
                and order.company_id.lab_legal_entity_only
                and not order.partner_id.commercial_partner_id.is_company
            ):
                raise ValidationError(
                    self.env._(
                        "%(company)s accepts laboratory orders only from legal entities; "
                        "%(partner)s is a private person. Choose the company they work for.",
                        company=order.company_id.name,
                        partner=order.partner_id.display_name,
                    )
                )

    @api.constrains("lab_review_id")
    def _check_lab_review_belongs_to_order(self):
        for order in self:
            if order.lab_review_id and order.lab_review_id.sudo().order_id != order:
                raise ValidationError(
                    self.env._(
                        "The contract review of %(order)s must be its own.", order=order.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._lab_ensure_review()
        return orders

    def write(self, vals):
        if vals.get("state") == "sale":
            # R-CR-02: writing the state directly (RPC, import) meets the same gate as the button.
            for order in self.filtered(lambda o: o.is_lab_order and o.state in ("draft", "sent")):
                message = order._confirmation_error_message()
                if message:
                    raise UserError(message)
        amended = self.browse()
        if "commitment_date" in vals and not self.env.context.get("lab_no_amendment"):
            amended = self.filtered(lambda o: o.state == "sale" and o.is_lab_order)
            before = {order: order.commitment_date for order in amended}
        res = super().write(vals)
        for order in amended:
            if order.commitment_date != before[order]:
                order._lab_record_amendment(
                    [
                        self.env._(
                            "Delivery date: %(old)s → %(new)s",
                            old=before[order] or "-",
                            new=order.commitment_date or "-",
                        )
                    ]
                )
        if "order_line" in vals or "partner_id" in vals:
            self._lab_ensure_review()
        return res

    def _lab_ensure_review(self):
        """Give every laboratory quotation its contract review, from the company's checklist."""
        todo = self.filtered(
            lambda o: o.is_lab_order and not o.lab_review_id and o.state != "cancel"
        )
        if not todo:
            return
        templates = {company: company.sudo()._lab_review_template() for company in todo.company_id}
        vals_list = []
        for order in todo:
            template = templates[order.company_id]
            vals_list.append(
                {
                    "order_id": order.id,
                    "template_id": template.id,
                    "line_ids": template._prepare_review_lines() if template else [],
                }
            )
        # The review is the system's consequence of quoting a lab test: whoever enters the order
        # (a salesperson without a lab role too) gets one; filling and approving it stay guarded.
        reviews = self.env["lab.contract.review"].sudo().create(vals_list)
        for order, review in zip(todo, reviews, strict=True):
            order.lab_review_id = review

    def _lab_confirmation_blockers(self):
        """Everything that keeps this laboratory order from being confirmed, in the user's words.

        Reads only prefetched fields, so that confirming many orders costs no query per order.
        """
        self.ensure_one()
        blockers = []
        # Read as the system so that anyone confirming gets the reasons, not an access error.
        review = self.lab_review_id.sudo()
        if not review:
            blockers.append(self.env._("The contract review starts when the quotation is saved."))
        elif review.state != "approved":
            blockers.extend(review._missing_items())
            if review.state == "submitted":
                blockers.append(
                    self.env._(
                        "The contract review waits for approval by “%(group)s”.",
                        group=self.company_id.lab_review_approver_group_id.name,
                    )
                )
            else:
                blockers.append(self.env._("The contract review has not been approved."))
        if (
            self.company_id.lab_legal_entity_only
            and not self.partner_id.commercial_partner_id.is_company
        ):
            blockers.append(
                self.env._(
                    "%(partner)s is a private person; this laboratory serves legal entities only.",
                    partner=self.partner_id.display_name,
                )
            )
        for line in self.order_line:
            if line.lab_accreditation != "subcontracted":
                continue
            if not line.lab_subcontractor_id.is_lab_subcontractor_approved:
                blockers.append(
                    self.env._(
                        "%(test)s is subcontracted: choose an approved subcontractor.",
                        test=line.product_id.display_name,
                    )
                )
            if not line._lab_has_consent():
                blockers.append(
                    self.env._(
                        "%(test)s is subcontracted: the customer's written consent is missing.",
                        test=line.product_id.display_name,
                    )
                )
        return blockers

    def _confirmation_error_message(self):
        message = super()._confirmation_error_message()
        if message or not self.is_lab_order:
            return message
        blockers = self._lab_confirmation_blockers()
        if blockers:
            return self.env._(
                "%(order)s cannot be confirmed before its contract review is approved:\n"
                "%(missing)s",
                order=self.name,
                missing="\n".join(f"- {b}" for b in blockers),
            )
        return False

    def _action_confirm(self):
        res = super()._action_confirm()
        # R-CR-05: the customer is told in writing which tests go to whom before work starts.
        for order in self.filtered("has_lab_subcontracting"):
            template = order.company_id._lab_mail_template("lab_subcontract_template_id")
            if template:
                order.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return res

    def action_quotation_send(self):
        action = super().action_quotation_send()
        unreviewed = self.filtered(lambda o: o.is_lab_order and o.lab_review_state != "approved")
        if not unreviewed:
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Contract review not approved"),
                "message": self.env._(
                    "%(orders)s: the contract review is not approved yet. The customer will not be "
                    "able to accept this quotation until it is.",
                    orders=", ".join(unreviewed.mapped("name")),
                ),
                "next": action,
            },
        }

    def _lab_record_amendment(self, changes):
        """Keep a change of a confirmed order and re-open its review (R-CR-03)."""
        self.ensure_one()
        # Amendments are recorded whoever changes the order; their history is read as the system.
        open_revision = self.sudo().lab_revision_ids.filtered(lambda rev: rev.state == "open")[:1]
        text = "\n".join(changes)
        if open_revision:
            open_revision.changes = f"{open_revision.changes}\n{text}"
            return open_revision
        previous = self.sudo().lab_review_id
        # Kept whoever changed the order (sudo keeps the user's id for changed_by_id).
        revision = (
            self.env["lab.order.revision"]
            .sudo()
            .create({"order_id": self.id, "revision": previous.revision + 1, "changes": text})
        )
        previous.sudo().write({"state": "superseded"})
        template = previous.template_id or self.company_id.sudo()._lab_review_template()
        self.lab_review_id = (
            self.env["lab.contract.review"]
            .sudo()
            .create(
                {
                    "order_id": self.id,
                    "revision": revision.revision,
                    "revision_id": revision.id,
                    "template_id": template.id,
                    "line_ids": template._prepare_review_lines() if template else [],
                }
            )
        )
        self.message_post(
            body=self.env._(
                "Amendment %(rev)s re-opened the contract review:\n%(changes)s",
                rev=revision.revision,
                changes=text,
            )
        )
        mail_template = self.company_id._lab_mail_template("lab_revision_template_id")
        if mail_template:
            mail_template.sudo().send_mail(
                revision.id, email_layout_xmlid="mail.mail_notification_light"
            )
        if self.user_id:
            self.lab_review_id.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=self.env._("Review amendment %(rev)s", rev=revision.revision),
            )
        return revision

    def action_lab_view_review(self):
        self.ensure_one()
        if not self.is_lab_order:
            raise ValidationError(
                self.env._(
                    "%(order)s contains no laboratory test: there is nothing to review.",
                    order=self.name,
                )
            )
        self._lab_ensure_review()
        return {
            "type": "ir.actions.act_window",
            "res_model": "lab.contract.review",
            "res_id": self.lab_review_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_lab_view_deviations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lab_customer_service.lab_order_deviation_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action
