from odoo import http
from odoo.http import request

from ..models.lab_sender_verification_mixin import CONFIRM_ROUTE


def render_confirmation(template, values, record_sudo, token, check, confirm):
    """The page of a confirmation link (a sender's, a complaint's email address): 404 unless
    ``check(token)`` passes on the record; opening it shows a button and only the button (a
    POST) runs ``confirm(token)``, so that a mail scanner following links confirms nothing.
    ``values`` get ``token`` and ``confirmed`` (``confirm``'s answer, else the record's state)."""
    if not record_sudo or not check(token):
        raise request.not_found()
    confirmed = values["confirmed"]
    if request.httprequest.method == "POST" and not confirmed:
        confirmed = confirm(token)
    return request.render(template, {**values, "token": token, "confirmed": confirmed})


class LabSenderConfirmation(http.Controller):
    """Where a contact confirms that they sent a message the lab received by email from their
    address (issue 16). Opening the link shows a button; only the button confirms, so that a
    mail scanner following links confirms nothing."""

    @http.route(
        f"{CONFIRM_ROUTE}/<string:model>/<int:record_id>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def lab_sender_confirm(self, model, record_id, token=None, **post):
        models_ = request.env.registry.descendants(["lab.sender.verification.mixin"], "_inherit")
        if model not in models_ or request.env[model]._abstract:
            raise request.not_found()
        record_sudo = request.env[model].sudo().browse(record_id).exists()
        return render_confirmation(
            "lab_customer_service.sender_confirmation_page",
            {
                "record": record_sudo,
                "confirmed": record_sudo.is_sender_verified,
                "action_url": f"{CONFIRM_ROUTE}/{model}/{record_id}",
            },
            record_sudo,
            token if isinstance(token, str) else "",
            record_sudo._lab_is_sender_token,
            record_sudo._lab_confirm_sender,
        )
