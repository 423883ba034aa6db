from odoo import models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..groups import is_dealer_manager

# The dealer documents Odoo's merge moves to the kept contact in SQL, with the
# stored fields that follow the dealer and must be recomputed there. The band of
# a stock report is not among them: it is the one the week was judged by.
DEALER_DOCUMENTS = {
    "dealer.price.violation": ("user_id", "name"),
    "dealer.project": ("user_id",),
    "dealer.stock.report": ("user_id",),
}


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """A dealer's price violations, stock reports and project registrations go
        with it to the kept contact: merging a dealer is a dealer manager's act,
        into another dealer only, and checked before anything moves."""
        moved = {}
        kept, src_partners = self._merge_sides(partner_ids, dst_partner)
        if kept:
            dst_partner = kept
            self._dealer_check_merge(src_partners, dst_partner)
            moved = {
                model: self.env[model].sudo().search([("dealer_id", "in", src_partners.ids)])
                for model in DEALER_DOCUMENTS
            }
        result = super()._merge(partner_ids, dst_partner, extra_checks)
        for model, fnames in DEALER_DOCUMENTS.items():
            records = moved.get(model, self.env[model]).exists()
            if records:
                for fname in fnames:
                    self.env.add_to_compute(records._fields[fname], records)
                records.flush_recordset(list(fnames))
        return result

    def _dealer_check_merge(self, src_partners, dst_partner):
        """Refuse the merge, before anything moves, where it would take documents
        away from a dealer: a dealer is merged by a dealer manager, into a dealer;
        a dealer's contact or branch is merged by anyone else only into a contact
        of the same dealer; two dealers that reported stock on the same day are
        never merged (a dealer has one report a day: Odoo's merge would delete the
        merged dealer's reports)."""
        manager = is_dealer_manager(self.env)
        dealers = src_partners.filtered("is_dealer")
        if dealers and not manager:
            raise UserError(
                self.env._(
                    "Only dealer managers may merge dealer %(dealer)s into another contact: "
                    "its price violations, stock reports and project registrations go with it.",
                    dealer=dealers[0].display_name,
                )
            )
        if dealers and not dst_partner.is_dealer:
            raise UserError(
                self.env._(
                    "%(dealer)s is a dealer and %(partner)s is not: make %(partner)s a dealer "
                    "(with its channel) before merging the dealer into it, so that its price "
                    "violations, stock reports and project registrations stay a dealer's.",
                    dealer=dealers[0].display_name,
                    partner=dst_partner.display_name,
                )
            )
        if not manager:
            dealer_of = (src_partners | dst_partner)._dealer_of()
            for partner in src_partners:
                dealer = dealer_of[partner.id]
                if dealer and dealer != dealer_of[dst_partner.id]:
                    raise UserError(
                        self.env._(
                            "%(partner)s buys for dealer %(dealer)s and %(target)s does not: "
                            "only dealer managers may merge it there, its orders would leave "
                            "the dealer.",
                            partner=partner.display_name,
                            dealer=dealer.display_name,
                            target=dst_partner.display_name,
                        )
                    )
        self._dealer_check_report_dates(src_partners | dst_partner)

    def _dealer_check_report_dates(self, partners):
        clashes = (
            self.env["dealer.stock.report"]
            .sudo()
            ._read_group(
                [("dealer_id", "in", partners.ids)],
                ["date:day"],
                having=[("__count", ">", 1)],
                limit=1,
            )
        )
        if clashes:
            raise UserError(
                self.env._(
                    "%(partners)s each have a stock report dated %(date)s and a dealer has "
                    "one report a day: keep only one of them (a dealer manager resets a done "
                    "report to draft to delete it) before merging.",
                    partners=", ".join(partners.mapped("display_name")),
                    date=format_date(self.env, clashes[0][0]),
                )
            )
