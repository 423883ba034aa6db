from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    partner_followup_grade_id = fields.Many2one(
        related="partner_id.followup_grade_id", string="Customer Grade"
    )

    def action_confirm(self):
        result = super().action_confirm()
        # an order without a product line (confirmed empty, cancelled after) is no contact
        graded = self.filtered(
            lambda o: (
                o.state == "sale"
                and o.partner_id.followup_grade_id
                and any(line.product_id and not line.display_type for line in o.order_line)
            )
        )
        if graded:
            # an order is a follow-up; the grade stays until someone re-grades
            self.env["crm.followup.log"].sudo().create(
                [
                    {
                        "partner_id": order.partner_id.id,
                        "user_id": (order.user_id or self.env.user).id,
                        "company_id": order.company_id.id,
                        "channel": "order",
                        "summary": self.env._("Order %(order)s confirmed", order=order.name),
                        "date": fields.Date.context_today(order),
                    }
                    for order in graded
                ]
            )
        return result
