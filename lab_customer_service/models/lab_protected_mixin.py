from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError, UserError


class ActionGrant:
    """The key an action hands to ``create``/``write`` to change its protected fields.

    It travels in the context as a Python object: a JSON-RPC request can put only strings,
    numbers, lists and dicts there, so no client can forge one (the pattern of
    ``account.move``'s hash and of our complaint decision marker).
    """

    __slots__ = ("action", "fields", "model")

    def __init__(self, model, action, fnames):
        self.model = model
        self.action = action
        self.fields = frozenset(fnames)

    def __repr__(self):
        return f"<ActionGrant {self.model}.{self.action}>"


GRANT_KEY = "lab_action_grant"


def granted_fields(env, model_name):
    """The protected fields of ``model_name`` that the running action may change."""
    grants = env.context.get(GRANT_KEY) or ()
    if isinstance(grants, ActionGrant):
        grants = (grants,)
    if not isinstance(grants, tuple):
        return frozenset()
    return frozenset().union(
        *(g.fields for g in grants if isinstance(g, ActionGrant) and g.model == model_name)
    )


class LabProtectedMixin(models.AbstractModel):
    """Fields that only their actions change: states, approvals, signatures, release and
    retention dates, consents and holds (issue 15; R-CR-02, R-RP-01, R-CF-02/03/06, R-RC-01).

    A model declares, once, which action method may change which field::

        _lab_protected_actions = {
            "action_release": ("state", "authorised_by_id", "date_released"),
        }

    ``create`` and ``write`` then refuse those fields from every other caller, whatever the
    user's rights, with a message naming the field and its actions. The action opens them
    for itself with ``self._lab_grant("action_release")`` after checking the caller's role
    (``_lab_check_role``). On ``create``, a protected field may only take its declared default
    or stay empty.

    The one way around it is the superuser environment (``uid`` 1, ``__system__``): module
    installation, data files, migrations and ``odoo shell``. It cannot log in, so no request
    ever runs as it; ``sudo()`` keeps the caller's uid and does not count.
    """

    _name = "lab.protected.mixin"
    _description = "Fields Changed Only by Their Actions"

    # {action method name: names of the fields it may change}; an inheriting module adds
    # its own actions with a dict of its own (they are merged, see ``_lab_actions``).
    _lab_protected_actions = {}
    # Fields set when the record is registered (their default, or what the registering code
    # grants itself) that never change afterwards: a received date, a deadline.
    _lab_registration_fields = ()
    # States in which a record is frozen, like a posted invoice: no field changes but those
    # of ``_lab_frozen_open_fields`` and those an action grants itself.
    _lab_frozen_states = ()
    _lab_frozen_open_fields = ()

    @api.model
    def _lab_actions(self):
        """{action: fields}, merged over every class of the model, base addon first."""
        cls = type(self)
        # Kept per class hierarchy: while modules load, the registry gives the same class new
        # bases (an addon that extends the model), and with them a new __mro__.
        cached = vars(cls).get("_lab_actions_merged")
        if cached is None or cached[0] is not cls.__mro__:
            actions = {}
            for klass in reversed(cls.__mro__):
                for action, fnames in vars(klass).get("_lab_protected_actions", {}).items():
                    actions[action] = tuple(dict.fromkeys(actions.get(action, ()) + fnames))
            cached = cls._lab_actions_merged = (cls.__mro__, actions)
        return cached[1]

    @api.model
    def _lab_protected_fields(self):
        """{protected field: the action methods that may change it (none for fixed fields)}"""
        protected = {fname: [] for fname in self._lab_registration_fields}
        for action, fnames in self._lab_actions().items():
            for fname in fnames:
                protected.setdefault(fname, []).append(action)
        return protected

    def _lab_grant(self, *actions):
        """``self`` allowed to change the fields of ``actions``: call it only inside them,
        after their checks. Grants already held (an action calling another) are kept."""
        held = self.env.context.get(GRANT_KEY) or ()
        held = (held,) if isinstance(held, ActionGrant) else tuple(held)
        new = tuple(
            ActionGrant(self._name, action, self._lab_actions()[action]) for action in actions
        )
        return self.with_context(**{GRANT_KEY: held + new})

    def _lab_check_role(self, *group_xmlids, message=None):
        """Refuse the caller unless it has one of the groups (an action checks its role
        itself: the button's ``groups=`` stops only the web client)."""
        if self.env.su and self.env.uid == SUPERUSER_ID:
            return
        user = self.env.user
        if not any(user.has_group(xmlid) for xmlid in group_xmlids):
            raise AccessError(
                message
                or self.env._(
                    "You are not allowed to do this on %(model)s.",
                    model=self._description,
                )
            )

    def _lab_protected_message(self, *fnames):
        """What refusing ``fnames`` says: each field with the actions that change it."""
        messages = []
        for fname in fnames:
            field = self._fields[fname]
            actions = self._lab_protected_fields()[fname]
            if not actions:
                messages.append(
                    self.env._(
                        "“%(field)s” of %(model)s is set when the record is registered and "
                        "never changes.",
                        field=field._description_string(self.env),
                        model=self._description,
                    )
                )
            else:
                messages.append(
                    self.env._(
                        "“%(field)s” of %(model)s changes only through its action "
                        "(%(actions)s); use the button on the form.",
                        field=field._description_string(self.env),
                        model=self._description,
                        actions=", ".join(actions),
                    )
                )
        return "\n".join(messages)

    def _lab_refuse_protected(self, *fnames):
        """Refuse the protected ``fnames``, every one named (not only the first met: a caller
        setting several learns of all, whatever the order of the values)."""
        raise UserError(self._lab_protected_message(*fnames))

    def _lab_check_protected_create(self, vals_list):
        if self.env.uid == SUPERUSER_ID:
            return
        protected = self._lab_protected_fields().keys() - granted_fields(self.env, self._name)
        if not protected:
            return
        context_defaults = {
            key[len("default_") :]: value
            for key, value in self.env.context.items()
            if key.startswith("default_")
        }
        refused = {
            fname
            for fname in protected & context_defaults.keys()
            if not self._lab_is_default(fname, context_defaults[fname])
        }
        for vals in vals_list:
            refused.update(
                fname
                for fname in protected & vals.keys()
                if not self._lab_is_default(fname, vals[fname])
            )
        if refused:
            self._lab_refuse_protected(*sorted(refused))

    def _lab_is_default(self, fname, value):
        """Whether ``value`` is empty or the field's declared default (what a form sends)."""
        field = self._fields[fname]
        default = None
        if field.default is not None:
            default = field.default(self.with_context(**{GRANT_KEY: ()}))
        if field.type == "boolean" and default is not None:
            # a flag set by default (an address confirmed unless the public form says not)
            # is cleared only by its action: False is no "empty" value there
            return bool(value) == bool(default)
        if not value or value == [(6, 0, [])] or value == [(5, 0, 0)]:
            return True
        if default is None:
            return False
        try:
            return field.convert_to_cache(value, self) == field.convert_to_cache(default, self)
        except (ValueError, TypeError):
            return False

    def _lab_check_protected_write(self, vals):
        if self.env.uid == SUPERUSER_ID:
            return
        granted = granted_fields(self.env, self._name)
        if self._lab_frozen_states:
            self._lab_check_frozen(vals.keys() - granted - set(self._lab_frozen_open_fields))
        protected = (self._lab_protected_fields().keys() & vals.keys()) - granted
        refused = []
        for fname in sorted(protected):
            field = self._fields[fname]
            for record in self.sudo():
                new = field.convert_to_record(field.convert_to_cache(vals[fname], record), record)
                if new != record[fname]:
                    refused.append(fname)
                    break
        if refused:
            self._lab_refuse_protected(*refused)

    def _lab_check_frozen(self, fnames):
        fnames = {f for f in fnames if self._fields[f].store and not self._fields[f].compute}
        if not fnames:
            return
        frozen = self.sudo().filtered(lambda r: r.state in self._lab_frozen_states)
        if frozen:
            raise UserError(
                self.env._(
                    "%(record)s is %(state)s and can no longer be changed (%(fields)s).",
                    record=frozen[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        frozen[0].state
                    ],
                    fields=", ".join(
                        self._fields[f]._description_string(self.env) for f in sorted(fnames)
                    ),
                )
            )

    def _lab_attachments_frozen(self):
        """The records of ``self`` whose files are frozen with them (see ``ir.attachment``)."""
        if not self._lab_frozen_states:
            return self.browse()
        return self.filtered(lambda r: r.state in self._lab_frozen_states)

    @api.model_create_multi
    def create(self, vals_list):
        self._lab_check_protected_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._lab_check_protected_write(vals)
        return super().write(vals)
