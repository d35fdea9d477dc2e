from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale.controllers.portal import CustomerPortal


class LabPortal(CustomerPortal):
    """The one base of the lab's portal pages (issue 18), on core's pattern (``sale``):

    * ``_lab_list``: every list counted, paged, sorted and filtered the same way, read as the
      portal user so that the record rules decide what a customer sees;
    * ``_lab_document``: a detail page's record, or 404 — the same answer whether the record
      does not exist, is another customer's, or the token is wrong;
    * ``_lab_form_errors``: the one shape of a form's errors, ``error`` ({field: message}) and
      ``error_message`` (messages about the whole form), as core's account form has them and
      as ``lab_customer_service.portal_lab_form_errors`` shows them.

    The helpers are shared by every lab controller (the portal classes of all addons are merged
    into one), so a controller names its own helpers with its own prefix.
    """

    def _lab_document(self, model, record_id, access_token=None, check=None):
        """The record ``record_id`` of ``model`` as superuser once the reader may open it (their
        login or the record's token), else ``NotFound``. ``check(record_sudo)`` adds a condition
        of the page (a released report, a verified sender): failing it is a 404 too."""
        try:
            record_sudo = self._document_check_access(model, record_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None
        if check is not None and not check(record_sudo):
            raise NotFound()
        return record_sudo

    def _lab_list(
        self,
        model,
        domain,
        url,
        page=1,
        sortby=None,
        sortings=None,
        filterby=None,
        filters=None,
        search=None,
        search_fields=(),
        history=None,
    ):
        """(records of the page, the values a portal list template needs).

        ``sortings`` {key: {"label", "order"}} (without them, the model's order) and
        ``filters`` {key: {"label", "domain"}} work as in core's lists (the first key is the
        default); ``search`` looks in ``search_fields``;
        ``history`` is the session key the detail pages' previous/next buttons read.
        """
        Model = request.env[model]
        domain = Domain(domain)
        if sortings and sortby not in sortings:
            sortby = next(iter(sortings))
        elif not sortings:
            sortby = None
        if filters:
            if filterby not in filters:
                filterby = next(iter(filters))
            domain &= Domain(filters[filterby]["domain"])
        if search and search_fields:
            domain &= Domain.OR(Domain(field, "ilike", search) for field in search_fields)
        readable = Model.has_access("read")
        url_args = {
            key: value
            for key, value in (("sortby", sortby), ("filterby", filterby), ("search", search))
            if value
        }
        pager = portal_pager(
            url=url,
            url_args=url_args,
            total=Model.search_count(domain) if readable else 0,
            page=page,
            step=self._items_per_page,
        )
        records = (
            Model.search(
                domain,
                order=sortings[sortby]["order"] if sortings else None,
                limit=self._items_per_page,
                offset=pager["offset"],
            )
            if readable
            else Model
        )
        if history:
            request.session[history] = records.ids[:100]
        values = {"pager": pager, "default_url": url}
        if sortings:
            values.update(sortby=sortby, searchbar_sortings=sortings)
        if filters:
            values.update(filterby=filterby, searchbar_filters=filters)
        if search_fields:
            values.update(
                search=search,
                search_in="all",
                searchbar_inputs={"all": {"input": "all", "label": request.env._("Search")}},
            )
        return records, values

    def _lab_form_errors(self, error=None, error_message=None):
        """The one shape of a form's errors: ``error`` maps a field to its message;
        ``error_message`` lists what concerns the whole form (a ``UserError``'s text)."""
        if isinstance(error_message, str):
            error_message = [error_message]
        return {"error": dict(error or {}), "error_message": list(error_message or [])}
