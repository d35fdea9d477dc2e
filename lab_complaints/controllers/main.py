import re

from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.lab_customer_service.controllers.portal import LabPortal
from odoo.addons.lab_customer_service.controllers.sender_confirmation import (
    render_confirmation,
)

MAX_FILES = 3
MAX_FILE_SIZE = 5 * 1024 * 1024
# Judged by content, never by the name or the type the browser claims; the stored name ends
# with what the content is.
ALLOWED_MIMETYPES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}
# Where the public form keeps, for this browser only, the complaint it just registered.
SENT_SESSION_KEY = "lab_complaint_sent"
MAX_SUBJECT = 200
MAX_NAME = 100
MAX_DESCRIPTION = 10000
TRUE_VALUES = ("1", "on", "true", "yes")
# What the public form counts, per client network and per mailbox, in lab.rate.limit.
RATE_LIMIT_SCOPE = "complaint"
HOURLY_LIMIT_PARAM = "lab_complaints.public_form_hourly_limit"
DEFAULT_HOURLY_LIMIT = 5
TRUSTED_PROXIES_PARAM = "lab_complaints.trusted_proxies"
# What the customer portal lists, besides the record rule: never a complaint received by email
# whose sender is not verified yet (issue 16).
PORTAL_DOMAIN = [("is_sender_verified", "=", True)]
PUBLIC_FORM_TEMPLATE = "lab_complaints.public_complaint_form"
FOLLOWUP_TEMPLATE = "lab_complaints.complaint_followup"
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value):
    """A form value as text: anything else (a file, a list) counts as nothing."""
    return value if isinstance(value, str) else ""


def _line(value, size):
    """One line of plain text: no markup, no control characters, bounded."""
    value = _TAG.sub("", _CONTROL.sub("", _text(value)))
    value = " ".join(value.replace("<", "").replace(">", "").split())
    return value[:size]


def _paragraphs(value, size):
    """Free text as escaped HTML paragraphs: whatever markup was typed shows as text."""
    return plaintext2html(_CONTROL.sub("", _text(value)).strip()[:size])


class LabComplaintMain(LabPortal):
    """The public complaint form and the pages its link opens (R-CM-01): the form, the
    receipt, the email confirmation, the follow-up page, the feedback and the outcome letter.
    The form helpers here serve the customer portal's form too (``portal.py``)."""

    # ------------------------------------------------------------------ form handling

    def _lab_parse_files(self, errors):
        """Check the uploads by number, size and content; return ``[(name, raw)]``."""
        uploads = [
            upload
            for upload in request.httprequest.files.getlist("attachments")
            if isinstance(upload, FileStorage) and upload.filename
        ]
        if len(uploads) > MAX_FILES:
            errors.append(request.env._("Attach at most %(count)s files.", count=MAX_FILES))
            return []
        files = []
        for upload in uploads:
            raw = upload.stream.read(MAX_FILE_SIZE + 1)
            name = _line(upload.filename, MAX_NAME) or "attachment"
            if len(raw) > MAX_FILE_SIZE:
                errors.append(
                    request.env._(
                        "%(name)s is larger than %(size)s MB: attach a smaller file.",
                        name=name,
                        size=MAX_FILE_SIZE // (1024 * 1024),
                    )
                )
            elif not raw or guess_mimetype(raw) not in ALLOWED_MIMETYPES:
                errors.append(
                    request.env._(
                        "%(name)s is not a PDF, PNG or JPEG file: only those can be attached.",
                        name=name,
                    )
                )
            else:
                extensions = ALLOWED_MIMETYPES[guess_mimetype(raw)]
                if not name.lower().endswith(extensions):
                    name += extensions[0]
                files.append((name, raw))
        return files

    def _lab_parse_complaint(self, post, types):
        """The only values a form may set; everything else it sends is ignored (point 11)."""
        errors = []
        complaint_type = _text(post.get("complaint_type")) or "complaint"
        if complaint_type not in types:
            errors.append(request.env._("Choose what you are sending us."))
        subject = _line(post.get("subject"), MAX_SUBJECT)
        description = _text(post.get("description")).strip()
        if not subject:
            errors.append(request.env._("Give your message a subject."))
        if not description:
            errors.append(request.env._("Tell us what happened."))
        values = {
            "complaint_type": complaint_type,
            "subject": subject,
            "description": _paragraphs(description, MAX_DESCRIPTION),
        }
        return values, errors

    def _lab_form_values(self, post):
        """Echo what was typed back to the form after an error, as plain text."""
        return {
            key: _text(post.get(key))[: MAX_DESCRIPTION if key == "description" else MAX_SUBJECT]
            for key in (
                "complaint_type",
                "subject",
                "description",
                "name",
                "email",
                "phone",
                "anonymous",
                "report_id",
                "order_id",
            )
        }

    # ------------------------------------------------------------------ public form

    @http.route("/lab/complaint", type="http", auth="public", methods=["GET"], website=True)
    def lab_public_complaint_form(self, **kwargs):
        return request.render(PUBLIC_FORM_TEMPLATE, {"form": {}, **self._lab_form_errors()})

    def _lab_check_captcha(self):
        """The site's captcha, where one is installed and set up (Odoo's ``google_recaptcha`` or
        ``website_cf_turnstile``; the form carries ``data-captcha`` for their scripts); without
        one this passes. Raises ``UserError``/``ValidationError`` when the check fails."""
        request.env["ir.http"]._verify_request_recaptcha_token("lab_complaint")

    def _lab_allowed(self, email=None):
        """Count this post against the client's network and, when one is given, the mailbox
        it writes from; whether it is within the hourly limit (point 11, issue 16). The client
        is the connection's peer unless that peer is a trusted proxy
        (``lab_complaints.trusted_proxies``), whose ``X-Forwarded-For`` then names it."""
        RateLimit = request.env["lab.rate.limit"].sudo()
        keys = [RateLimit._lab_client_key(request.httprequest.environ, TRUSTED_PROXIES_PARAM)]
        if email:
            keys.append(RateLimit._lab_email_key(email))
        limit = RateLimit._lab_hourly_limit(HOURLY_LIMIT_PARAM, DEFAULT_HOURLY_LIMIT)
        return RateLimit._lab_allow(RATE_LIMIT_SCOPE, keys, limit)

    @http.route("/lab/complaint/submit", type="http", auth="public", methods=["POST"], website=True)
    def lab_public_complaint_submit(self, **post):
        values, errors = self._lab_parse_complaint(post, ("complaint", "suggestion"))
        anonymous = _text(post.get("anonymous")).lower() in TRUE_VALUES
        email = False if anonymous else self._lab_parse_identity(post, values, errors)
        files = self._lab_parse_files(errors)
        form = {"form": self._lab_form_values(post)}
        refusal = (errors, 400) if errors else self._lab_public_refusal(email)
        if refusal:
            return self._lab_render_with_error(PUBLIC_FORM_TEMPLATE, form, *refusal)
        complaint = self._lab_register_public(values, files, anonymous)
        # The link to follow it goes in this browser's session and the page's body, never in a
        # URL: URLs end up in access logs and proxies (issue 16).
        request.session[SENT_SESSION_KEY] = [complaint.id, complaint._portal_ensure_token()]
        return request.redirect("/lab/complaint/sent")

    def _lab_parse_identity(self, post, values, errors):
        """The sender's name, email and phone into ``values``; their email (False if invalid)."""
        name = _line(post.get("name"), MAX_NAME)
        email = email_normalize(_line(post.get("email"), MAX_NAME))
        if not name or not email:
            errors.append(
                request.env._("Give your name and a valid email address, or send anonymously.")
            )
        values.update(
            complainant_name=name,
            email_from=email,
            phone=re.sub(r"[^0-9+()\- ]", "", _text(post.get("phone")))[:30],
        )
        return email

    def _lab_public_refusal(self, email):
        """Why a well-filled public form is refused, as (message, HTTP status), or None: a
        failed captcha, or too many posts from this client or for this mailbox."""
        try:
            self._lab_check_captcha()
        except (UserError, ValidationError) as error:
            return error, 400
        if not self._lab_allowed(email):
            message = request.env._(
                "Too many messages were sent from your connection or for your email address "
                "in the last hour. Please try again later, or call us."
            )
            return message, 429
        return None

    def _lab_register_public(self, values, files, anonymous):
        """The complaint of the public form, as superuser, its receipt logged and, unless it is
        anonymous, its sender asked to confirm their address."""
        values["channel"] = "web"
        Complaint = request.env["lab.complaint"]
        if anonymous:
            return Complaint._lab_create_anonymous([values], [files]).sudo()
        # Public intake: the values are the whitelisted, cleaned ones of the form; its address
        # hears from us once it has confirmed itself (issue 16).
        return Complaint.sudo()._lab_file_public(values, files)

    @http.route("/lab/complaint/sent", type="http", auth="public", methods=["GET"], website=True)
    def lab_public_complaint_sent(self, **kwargs):
        """The complaint just registered, with its follow-up link, shown once."""
        complaint_id, access_token = request.session.pop(SENT_SESSION_KEY, None) or (0, None)
        try:
            complaint_sudo = self._document_check_access(
                "lab.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/lab/complaint")
        response = request.render(
            FOLLOWUP_TEMPLATE, self._lab_followup_values(complaint_sudo, access_token, is_new=True)
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route(
        "/lab/complaint/<int:complaint_id>/confirm",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def lab_complaint_confirm_email(self, complaint_id, token=None, **post):
        """The double opt-in link of the address typed on the form. Opening it shows a button;
        only the button confirms, so that a mail scanner following links confirms nothing."""
        complaint_sudo = request.env["lab.complaint"].sudo().browse(complaint_id).exists()
        return render_confirmation(
            "lab_complaints.complaint_confirm_email",
            {"complaint": complaint_sudo, "confirmed": complaint_sudo.is_email_confirmed},
            complaint_sudo,
            _text(token),
            complaint_sudo._lab_is_email_confirmation_token,
            complaint_sudo._lab_confirm_email,
        )

    @http.route(
        "/lab/complaint/<int:complaint_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def lab_complaint_followup(self, complaint_id, access_token=None, **kwargs):
        complaint_sudo = self._lab_document("lab.complaint", complaint_id, access_token)
        return request.render(
            FOLLOWUP_TEMPLATE, self._lab_followup_values(complaint_sudo, access_token)
        )

    def _lab_followup_values(self, complaint_sudo, access_token, **extra):
        """What the follow-up page of ``complaint_sudo`` shows."""
        return {
            "complaint": complaint_sudo,
            "access_token": access_token,
            "followup_url": complaint_sudo.get_base_url() + complaint_sudo.get_portal_url(),
            "page_name": "lab_complaint",
            **extra,
        }

    @http.route(
        "/lab/complaint/<int:complaint_id>/feedback",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def lab_complaint_feedback(self, complaint_id, access_token=None, **post):
        complaint_sudo = self._lab_document("lab.complaint", complaint_id, access_token)
        satisfied = _text(post.get("satisfied")) == "1"
        comment = _CONTROL.sub("", _text(post.get("comment"))).strip()[:MAX_DESCRIPTION]
        try:
            with request.env.cr.savepoint():
                complaint_sudo._lab_record_feedback(satisfied, comment)
        except UserError as error:
            values = self._lab_followup_values(complaint_sudo, access_token)
            return request.render(
                FOLLOWUP_TEMPLATE, {**values, "feedback_error": str(error)}, status=400
            )
        return request.redirect(complaint_sudo.get_portal_url())

    @http.route(
        "/lab/complaint/<int:complaint_id>/letter",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def lab_complaint_letter(self, complaint_id, access_token=None, **kwargs):
        complaint_sudo = self._lab_document("lab.complaint", complaint_id, access_token)
        if complaint_sudo.step != "closed":
            raise NotFound()
        return self._show_report(
            complaint_sudo, "pdf", "lab_complaints.action_report_complaint_outcome", download=True
        )
