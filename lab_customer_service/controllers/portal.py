from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale.controllers.portal import CustomerPortal


def form_id(value):
    """The record id (or count) a form posted, or False for none or anything but a number:
    what a browser never sends is answered as missing, not with a Python error."""
    value = str(value or "").strip()
    return int(value) if value.isdigit() else False


class LabPortal(CustomerPortal):
    """The one base of the lab's portal pages (issue 18), on core's pattern (``sale``):

    * ``_lab_list``: every list counted, paged, sorted and filtered the same way, read as the
      portal user so that the record rules decide what a customer sees;
    * ``_lab_document``: a detail page's record, or 404 — the same answer whether the record
      does not exist, is another customer's, or the token is wrong;
    * ``_lab_list_render`` / ``_lab_detail_render``: a list page and a detail page rendered;
    * ``_lab_home_counters``: the portal home's counters, 0 for whoever may not read;
    * ``_lab_form_errors``: the one shape of a form's errors, ``error`` ({field: message}) and
      ``error_message`` (messages about the whole form), as core's account form has them and
      as ``lab_customer_service.portal_lab_form_errors`` shows them;
    * ``_lab_render_with_error``: the one way a form comes back when the model refused what
      was typed (a ``UserError``/``ValidationError``/``AccessError`` or the form's own checks).

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

    def _lab_home_counters(self):
        """The portal home's counters of the lab: {counter: (model, domain, limit)}. Each
        controller adds its own; a counter is how many records of ``model`` in ``domain`` the
        portal user reads (up to ``limit`` where only "any?" matters), 0 for whoever may not
        read the model at all."""
        return {}

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for key, (model, domain, limit) in self._lab_home_counters().items():
            if key in counters:
                Model = request.env[model]
                values[key] = (
                    Model.search_count(domain, limit=limit) if Model.has_access("read") else 0
                )
        return values

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
        sortby = self._lab_list_key(sortby, sortings)
        filterby = self._lab_list_key(filterby, filters)
        domain = self._lab_list_domain(domain, filters and filters[filterby], search, search_fields)
        url_args = {"sortby": sortby, "filterby": filterby, "search": search}
        url_args = {key: value for key, value in url_args.items() if value}
        order = sortings[sortby]["order"] if sortings else None
        records, pager = self._lab_list_page(model, domain, url, url_args, page, order)
        if history:
            request.session[history] = records.ids[:100]
        values = {"pager": pager, "default_url": url}
        values.update(
            self._lab_searchbar_values(sortby, sortings, filterby, filters, search, search_fields)
        )
        return records, values

    def _lab_searchbar_values(self, sortby, sortings, filterby, filters, search, search_fields):
        """What the portal's search bar shows: the sortings, filters and search box in use."""
        values = {}
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
        return values

    def _lab_list_key(self, key, options):
        """The sorting or filter ``key`` asked for, the first of ``options`` when it is not one
        of them, None without options."""
        if not options:
            return None
        return key if key in options else next(iter(options))

    def _lab_list_domain(self, domain, chosen_filter, search, search_fields):
        """``domain`` narrowed by the chosen filter and the search text."""
        domain = Domain(domain)
        if chosen_filter:
            domain &= Domain(chosen_filter["domain"])
        if search and search_fields:
            domain &= Domain.OR(Domain(field, "ilike", search) for field in search_fields)
        return domain

    def _lab_list_page(self, model, domain, url, url_args, page, order):
        """(the records of page ``page``, its pager), read as the portal user; nothing when
        they may not read ``model``."""
        Model = request.env[model]
        readable = Model.has_access("read")
        pager = portal_pager(
            url=url,
            url_args=url_args,
            total=Model.search_count(domain) if readable else 0,
            page=page,
            step=self._items_per_page,
        )
        if not readable:
            return Model, pager
        records = Model.search(
            domain, order=order, limit=self._items_per_page, offset=pager["offset"]
        )
        return records, pager

    def _lab_list_render(
        self, template, records_key, page_name, model, domain, url, values=None, **list_args
    ):
        """A list page: ``_lab_list``'s records as ``records_key`` in ``template``, in the
        portal layout, with the page's own ``values``; ``list_args`` are ``_lab_list``'s."""
        records, list_values = self._lab_list(model, domain, url, **list_args)
        page_values = self._prepare_portal_layout_values()
        page_values.update(list_values, page_name=page_name, **{records_key: records})
        page_values.update(values or {})
        return request.render(template, page_values)

    def _lab_detail_render(self, template, record_sudo, access_token, history, values, **kw):
        """A detail page: ``values`` with the chatter's and the previous/next buttons' (session
        key ``history``), as core's ``_get_page_view_values`` makes them."""
        values = self._get_page_view_values(record_sudo, access_token, values, history, False, **kw)
        return request.render(template, values)

    def _lab_form_errors(self, error=None, error_message=None):
        """The one shape of a form's errors: ``error`` maps a field to its message;
        ``error_message`` lists what concerns the whole form (a ``UserError``'s text)."""
        if isinstance(error_message, str):
            error_message = [error_message]
        return {"error": dict(error or {}), "error_message": list(error_message or [])}

    def _lab_error_text(self, error, default=None):
        """What a form shows of ``error``: an exception's message (``default`` when it has
        none), or the message(s) given as they are."""
        if not isinstance(error, Exception):
            return error
        if error.args and isinstance(error.args[0], str):
            return error.args[0]
        return default if default is not None else str(error)

    def _lab_render_with_error(self, template, values, error, status=200, default=None):
        """The one way a form is shown again after the model refused what was typed:
        ``template`` with ``values`` (the form as the user filled it in) and ``error`` (a
        ``UserError``/``ValidationError``/``AccessError``, a message or a list of messages) as
        the form's messages, with HTTP ``status``."""
        message = self._lab_error_text(error, default)
        values = {**values, **self._lab_form_errors(error_message=message)}
        return request.render(template, values, status=status)
