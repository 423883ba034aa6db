from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..groups import is_dealer_manager
from .dealer_project import LIFECYCLE_FIELDS, MAX_VALIDITY_DAYS, PROTECTING_STATES
from .dealer_stock_report import check_no_computed_values


class DealerProject(models.Model):
    """Who may change a registration, and how: the date and the state decide who
    is protected, so a salesperson's registration moves only with its actions and
    stays with its own dealers; dealer managers correct it."""

    # one model's extension split by concern, as Odoo splits its own
    _inherit = "dealer.project"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        manager = is_dealer_manager(self.env)
        for vals in vals_list:
            check_no_computed_values(self, vals)
            self._check_no_sequence(vals)
            if not manager:
                self._check_user_create_vals(vals)
        protecting = [vals for vals in vals_list if vals.get("state") in PROTECTING_STATES]
        if protecting:
            # created registered (a dealer manager, an import): numbered as registering
            vals_list = [dict(vals) for vals in vals_list]
            sequences = iter(self._next_registration_sequences(len(protecting)))
            for vals in vals_list:
                if vals.get("state") in PROTECTING_STATES:
                    vals["registration_sequence"] = next(sequences)
        return super().create(vals_list)

    def write(self, vals):
        check_no_computed_values(self, vals)
        self._check_no_sequence(vals)
        manager = is_dealer_manager(self.env)
        if not manager:
            if set(vals) - set(self.env["mail.thread"]._fields):
                self._check_registration_owner()
            self._check_user_write_vals(vals)
        self._number_registrations(vals)
        res = super().write(vals)
        if "dealer_id" in vals and not manager:
            self._check_dealer_access()
        return res

    def _check_no_sequence(self, vals):
        """The order of registration is the server's to number, for everyone."""
        if "registration_sequence" in vals:
            raise UserError(
                self.env._(
                    "%(fields)s cannot be written directly: it is computed from other values.",
                    fields=self._fields["registration_sequence"].get_description(self.env)[
                        "string"
                    ],
                )
            )

    def _next_registration_sequences(self, count):
        """`count` increasing numbers never given before, drawn from the table's id
        sequence (which is what the database drops with the table)."""
        self.env.cr.execute(
            SQL(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                self._table,
                count,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _number_registrations(self, vals):
        """Before `vals` moves registrations into a protecting state (registered or
        won from another), number them in the order they register."""
        if vals.get("state") not in PROTECTING_STATES:
            return
        entering = self.filtered(lambda p: p.state not in PROTECTING_STATES)
        if not entering:
            return
        self.env.cr.execute(
            SQL(
                """UPDATE %(table)s
                      SET registration_sequence = nextval(pg_get_serial_sequence(%(name)s, 'id'))
                    WHERE id IN %(ids)s""",
                table=SQL.identifier(self._table),
                name=self._table,
                ids=tuple(entering.ids),
            )
        )
        entering.invalidate_recordset(["registration_sequence"])

    def _check_user_create_vals(self, vals):
        """A salesperson's registration starts as a draft of today: the date and the
        state decide who is protected, so only the actions move them."""
        today = fields.Date.context_today(self)
        if vals.get("state", "draft") != "draft":
            raise UserError(
                self.env._(
                    "A project registration is created as a draft and registered with "
                    "the Register button; only dealer managers create it in another state."
                )
            )
        registered = fields.Date.to_date(vals.get("date_registered")) or today
        if registered != today:
            raise UserError(self._message_date_registered())
        if vals.get("expiry_date"):
            self._check_validity(registered, fields.Date.to_date(vals["expiry_date"]))

    def _check_user_write_vals(self, vals):
        changed = [
            name
            for name in LIFECYCLE_FIELDS
            if name in vals and self._value_changes(name, vals[name])
        ]
        if "state" in changed:
            raise UserError(
                self.env._(
                    "The state of a project registration moves with its buttons "
                    "(Register, Won, Lost, Reset to Draft); only dealer managers correct it."
                )
            )
        if "date_registered" in changed:
            raise UserError(self._message_date_registered())
        if "expiry_date" in changed:
            expiry = fields.Date.to_date(vals["expiry_date"])
            for project in self:
                if project.state != "draft":
                    raise UserError(
                        self.env._(
                            "Project %(project)s is already registered: only dealer "
                            "managers change its expiry date.",
                            project=project.name,
                        )
                    )
                project._check_validity(project.date_registered, expiry)

    def _value_changes(self, name, value):
        field = self._fields[name]
        new = field.convert_to_cache(value, self)
        return any(project[name] != field.convert_to_record(new, project) for project in self)

    def _message_date_registered(self):
        return self.env._(
            "A registration is dated the day it is registered; only dealer managers "
            "set another registration date."
        )

    def _check_validity(self, registered, expiry):
        if (
            not expiry
            or expiry < registered
            or expiry > registered + relativedelta(days=MAX_VALIDITY_DAYS)
        ):
            raise UserError(
                self.env._(
                    "A registration expires at most %(days)s days after it is registered "
                    "(and not before); only dealer managers set a later expiry date.",
                    days=MAX_VALIDITY_DAYS,
                )
            )

    def _check_dealer_access(self):
        """Moving a registration to another dealer needs the right to write that dealer,
        and the registration must stay the user's own (record rules are only checked
        before a write)."""
        try:
            self.dealer_id.check_access("write")
            self.check_access("write")
        except AccessError:
            raise UserError(
                self.env._(
                    "You may only register projects for your own dealers or for dealers "
                    "without a salesperson."
                )
            ) from None

    def _check_registration_owner(self):
        """Once registered, a registration (its fields and its lines) is changed by its
        dealer's salesperson or a dealer manager only: otherwise any salesperson who
        sees a registration of a dealer without salesperson could rename the
        protected one away from its project."""
        if is_dealer_manager(self.env):
            return
        others = self.filtered(lambda p: p.state != "draft" and p.user_id != self.env.user)
        if others:
            raise UserError(
                self.env._(
                    "Project %(project)s is registered: only the dealer's salesperson or a "
                    "dealer manager may change it.",
                    project=others[0].name,
                )
            )

    def _check_state_owner(self):
        """Win, lose and back to draft decide the protection: only the dealer's own
        salesperson or a dealer manager may do it."""
        self.check_access("write")
        if is_dealer_manager(self.env):
            return
        others = self.filtered(lambda p: p.user_id != self.env.user)
        if others:
            raise UserError(
                self.env._(
                    "Only the dealer's salesperson or a dealer manager may mark project "
                    "%(project)s won or lost or reset it to draft.",
                    project=others[0].name,
                )
            )

    def _write_lifecycle(self, vals):
        """The actions' own way to move state and dates, past the salesperson's
        refusal in write(): it lives beside write(), whose checks super() skips."""
        self._number_registrations(vals)
        return super().write(vals)
