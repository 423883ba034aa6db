"""/my/referrals: a referrer's points, its referral card's ledger and the customers
it brought. Odoo gives portal users no access to loyalty cards and their history
(its own loyalty pages read them as superuser for the user's partner); this page
does the same, every read filtered on the referrer explicitly."""

from odoo.http import request, route
from odoo.tools.misc import format_amount

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ReferralPortal(CustomerPortal):
    def _referral_portal_referrers(self):
        """Who the user refers as: their own contact and, as Odoo's portal shares a
        company's documents with its contacts, their company."""
        partner = request.env.user.partner_id
        return (partner | partner.commercial_partner_id).sudo()

    def _referral_portal_cards(self, referrers):
        return (
            request.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", referrers.ids),
                    ("program_id.is_referral_program", "=", True),
                ]
            )
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "referral_count" in counters:
            values["referral_count"] = (
                request.env["res.partner"]
                .sudo()
                .search_count([("referred_by_id", "in", self._referral_portal_referrers().ids)])
            )
        return values

    def _referral_portal_how(self):
        """How points are earned and spent, with the numbers of the program that
        applies to the user's company, in the user's language; ("", "") without
        a program."""
        program = request.env["loyalty.program"]._referral_program_for(request.env.company)
        if not program:
            return "", ""
        env = request.env
        values = {
            "sales": f"{program.referral_sales_points:g}",
            "step": format_amount(env, program.referral_sales_step, program.currency_id),
            "attendance": f"{program.referral_attendance_points:g}",
            "days": program.referral_validity_days,
        }
        if program.referral_attendance_once:
            earn = env._(
                "You earn %(sales)s points for every %(step)s a customer you brought buys "
                "(before tax), and %(attendance)s points the first time they attend one of "
                "our events, for %(days)s days after you referred them.",
                **values,
            )
        else:
            earn = env._(
                "You earn %(sales)s points for every %(step)s a customer you brought buys "
                "(before tax), and %(attendance)s points each time they attend one of our "
                "events, for %(days)s days after you referred them.",
                **values,
            )
        rewards = "; ".join(
            env._(
                "%(points)s points: %(reward)s",
                points=f"{reward.required_points:g}",
                reward=reward.description,
            )
            for reward in program.reward_ids
        )
        spend = env._(
            "Spend them on your own orders: ask your salesperson to apply a reward to your "
            "quotation (%(rewards)s); the points are taken off when the order is confirmed.",
            rewards=rewards,
        )
        return earn, spend

    @route(
        ["/my/referrals", "/my/referrals/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_referrals(self, page=1, **kw):
        referrers = self._referral_portal_referrers()
        cards = self._referral_portal_cards(referrers)
        History = request.env["loyalty.history"].sudo()
        domain = [("card_id", "in", cards.ids)]
        pager = portal_pager(
            url="/my/referrals",
            total=History.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        lines = History.search(
            domain,
            order="create_date desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        referred = (
            request.env["res.partner"]
            .sudo()
            .search([("referred_by_id", "in", referrers.ids)], order="referral_date desc, id desc")
        )
        values = self._prepare_portal_layout_values()
        values["referral_how_earn"], values["referral_how_spend"] = self._referral_portal_how()
        values.update(
            {
                "page_name": "referrals",
                "referral_points": sum(cards.mapped("points")),
                "referral_lines": lines,
                "referred_partners": referred,
                "rule_labels": dict(
                    History._fields["referral_rule"]._description_selection(request.env)
                ),
                "pager": pager,
            }
        )
        return request.render("customer_referral_points.portal_my_referrals", values)
