from odoo import models

from .computed_totals import MOVE_LINE_TOTALS, check_totals_unchanged


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def write(self, vals):
        # the subtotal of a posted credit note's line is what it takes off the
        # referred customer's sales
        check_totals_unchanged(self, vals, MOVE_LINE_TOTALS)
        return super().write(vals)
