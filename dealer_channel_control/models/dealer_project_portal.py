from odoo import Command, api, models
from odoo.exceptions import UserError

from ..portal_products import allowed_products
from ..portal_rows import PortalValueError, portal_number


class DealerProject(models.Model):
    _inherit = "dealer.project"

    @api.model
    def _portal_register(self, dealer, name, end_customer, lines):
        """Register a project for `dealer` from the portal. The caller has checked that
        the portal user acts for `dealer`; only the name, the end customer and the
        lines' product, quantity and price come from the client: the registration is
        created as a draft of today and registered by action_register, whose
        protection check refuses a quote below the protected price (with the product
        and the minimum only) and whose floor check records a violation.
        lines: [(product, qty, price_unit)]"""
        if not (name or "").strip() or not (end_customer or "").strip():
            raise UserError(self.env._("Give the project name and the end customer."))
        if not lines:
            raise UserError(self.env._("Add at least one product with its quantity and price."))
        lines = self._portal_checked_lines(dealer, lines)
        # nothing is left of a refused registration
        with self.env.cr.savepoint():
            project = self.sudo().create(
                {
                    "name": name.strip(),
                    "end_customer": end_customer.strip(),
                    "dealer_id": dealer.id,
                    "company_id": dealer.company_id.id or self.env.company.id,
                    "line_ids": [
                        Command.create({"product_id": p.id, "qty": qty, "price_unit": price})
                        for p, qty, price in lines
                    ],
                }
            )
            project.action_register()
        user = self.env.user
        project.message_post(
            body=self.env._("Registered through the portal by %(user)s.", user=user.display_name),
            subtype_xmlid="mail.mt_note",
            author_id=user.partner_id.id,
        )
        if dealer.user_id:
            project.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=dealer.user_id.id,
                summary=self.env._("Project registered through the portal"),
            )
        return project.sudo(False)

    @api.model
    def _portal_checked_lines(self, dealer, lines):
        """The lines again through the portal's number reader, whoever built them:
        a quantity above zero and a price of zero or more, finite and not absurd,
        of a product we sell to the dealer."""
        Line = self.env["dealer.project.line"]
        qty_label, price_label = (
            Line._fields[name]._description_string(self.env) for name in ("qty", "price_unit")
        )
        products = allowed_products(
            self.env, dealer, self.env["product.product"].union(*(line[0] for line in lines))
        )
        checked = []
        for row, (product, qty, price) in enumerate(lines, start=1):
            if product not in products:
                raise UserError(
                    self.env._(
                        "Row %(row)s: unknown product %(product)s.",
                        row=row,
                        product=product.sudo().display_name,
                    )
                )
            try:
                checked.append(
                    (
                        product,
                        portal_number(self.env, qty, qty_label, row, above_minimum=True),
                        portal_number(self.env, price, price_label, row),
                    )
                )
            except PortalValueError as error:
                raise UserError(error.args[0]) from None
        return checked
