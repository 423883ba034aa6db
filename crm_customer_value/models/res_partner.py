from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.channel_suite_base.cron_batches import run_in_batches

from .. import value_rules, value_sql

MANAGER_GROUP = "sales_team.group_sale_manager"
# VIP status comes with an approval and goes with the lapse, nothing else
VIP_FLOW_FIELDS = ("vip_state", "vip_since", "vip_until")
PRICELIST_FIELDS = ("property_product_pricelist", "specific_property_product_pricelist")


class ResPartner(models.Model):
    _inherit = "res.partner"

    vip_state = fields.Selection(
        [("none", "Not VIP"), ("vip", "VIP")],
        string="VIP Status",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    vip_since = fields.Date(string="VIP Since", readonly=True, copy=False)
    vip_until = fields.Date(string="VIP Until", readonly=True, copy=False, index="btree_not_null")
    vip_application_ids = fields.One2many(
        "customer.vip.application",
        "partner_id",
        string="VIP Applications",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )

    def init(self):
        result = super().init()
        # customers written in SQL behind the ORM (an import, a migration, bulk
        # data) are not VIP, rather than refused for a missing status
        self.env.cr.execute("ALTER TABLE res_partner ALTER COLUMN vip_state SET DEFAULT 'none'")
        return result

    # ------------------------------------------------------------------ guards

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_vip_flow_fields(
                    [f for f in VIP_FLOW_FIELDS if vals.get(f) and vals.get(f) != "none"]
                )
                self._check_vip_pricelist(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_vip_flow_fields(
                [f for f in VIP_FLOW_FIELDS if f in vals and any(p[f] != vals[f] for p in self)]
            )
            self._check_vip_pricelist(vals)
        return super().write(vals)

    def _check_vip_flow_fields(self, fnames):
        if fnames:
            raise UserError(
                self.env._(
                    "%(fields)s change only through the approval of a VIP application "
                    "and the lapse of the status.",
                    fields=", ".join(self._fields[f]._description_string(self.env) for f in fnames),
                )
            )

    def _check_vip_pricelist(self, vals):
        """The VIP pricelist comes with an approved VIP status only; a VIP's
        pricelist is changed by sales managers only."""
        fname = next((f for f in PRICELIST_FIELDS if f in vals), None)
        # a pricelist written back unchanged (a form, a merge) changes nothing
        if not fname or all(p[fname].id == vals[fname] for p in self):
            return
        vip_pricelists = self.env["res.company"].sudo().search([]).vip_pricelist_id
        if vals[fname] and vals[fname] in vip_pricelists.ids:
            raise UserError(
                self.env._(
                    "The VIP pricelist comes with an approved VIP application: it cannot be "
                    "set on a customer directly."
                )
            )
        if any(p.commercial_partner_id.vip_state == "vip" for p in self) and not (
            self.env.user.has_group(MANAGER_GROUP)
        ):
            raise UserError(self.env._("Only sales managers change a VIP customer's pricelist."))

    # ------------------------------------------------------------------ status

    def _vip_grant(self, application, today):
        """VIP status from ``today`` for the company's validity; the company's VIP
        pricelist replaces the customer's own, which the application keeps."""
        self.ensure_one()
        company = application.company_id
        until = today + relativedelta(months=company.vip_validity_months)
        partner = self.sudo().with_company(company)
        pricelist = company.vip_pricelist_id
        if pricelist:
            current = partner.specific_property_product_pricelist
            if current != pricelist:
                application._flow_write({"previous_pricelist_id": current.id})
            else:
                previous = (
                    self.env["customer.vip.application"]
                    .sudo()
                    .search(
                        [
                            ("partner_id", "=", self.id),
                            ("company_id", "=", company.id),
                            ("state", "=", "approved"),
                            ("id", "!=", application.id),
                        ],
                        limit=1,
                    )
                )
                application._flow_write(
                    {"previous_pricelist_id": previous.previous_pricelist_id.id}
                )
            partner.specific_property_product_pricelist = pricelist
        since = self.vip_since if self.vip_state == "vip" else today
        partner.write({"vip_state": "vip", "vip_since": since, "vip_until": until})

    @api.model
    def _cron_vip_lapse(self, batch_size=500):
        """Ends the VIP status whose validity has passed (``vip_until`` before
        today) and gives back the pricelist each customer had before."""
        today = fields.Date.context_today(self)
        # an archived customer's status lapses too: archiving must not keep it
        partners = self.with_context(active_test=False).search(
            [("vip_state", "=", "vip"), ("vip_until", "<", today)], order="id"
        )
        run_in_batches(partners, type(self)._vip_lapse_batch, batch_size)

    def _vip_lapse_batch(self):
        applications = (
            self.env["customer.vip.application"]
            .sudo()
            .search(
                [("partner_id", "in", self.ids), ("state", "=", "approved")],
                order="date desc, id desc",
            )
        )
        latest = {}
        for application in applications:
            latest.setdefault((application.partner_id.id, application.company_id.id), application)
        for application in latest.values():
            company = application.company_id
            partner = application.partner_id.sudo().with_company(company)
            # a pricelist a manager chose meanwhile stays
            if company.vip_pricelist_id and (
                partner.specific_property_product_pricelist == company.vip_pricelist_id
            ):
                partner.specific_property_product_pricelist = application.previous_pricelist_id
        self.sudo().write({"vip_state": "none"})

    def _vip_progress(self, company, day):
        """Where the customer stands against ``company``'s VIP thresholds with its
        orders of the validity period up to ``day`` (see value_rules.vip_progress)."""
        self.ensure_one()
        date_from = day - relativedelta(months=company.vip_validity_months)
        orders = self._vip_orders(company, date_from, day)
        return value_rules.vip_progress(
            orders.get(self.commercial_partner_id.id, []),
            company.vip_single_order_amount,
            company.vip_month_amount,
        )

    def _vip_orders(self, company, date_from, date_to):
        """{commercial partner id: [(order id, month, amount)]}: the VIP range's
        confirmed sales of the partners per order, in one query."""
        self.env.flush_all()
        query = value_sql.net_sales_rows(
            company.id,
            date_from,
            date_to,
            partner_ids=self.commercial_partner_id.ids,
            categ_ids=company._vip_category_ids(),
        )
        totals = {}
        for order_id, partner_id, day, amount, _cost in value_sql.execute_without_jit(
            self.env, query
        ):
            key = (partner_id, order_id, day.replace(day=1))
            totals[key] = totals.get(key, 0.0) + float(amount)
        result = {}
        for (partner_id, order_id, month), amount in totals.items():
            result.setdefault(partner_id, []).append((order_id, month, amount))
        return result
