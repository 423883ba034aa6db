"""The customer pool list as a salesperson works in it: when, from whom and
why each customer came, which ones they may not claim back yet and until
when, and claiming a selection of them at once (all of them or none)."""

import ast
from datetime import date

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, freeze_time, tagged

from .test_pool_rules import TODAY, PoolCase

COOLDOWN_ENDS = date(2026, 4, 3)  # reclaimed today, 30 days of cooldown


class PoolListCase(PoolCase):
    def _pool_action(self, user):
        return (
            self.env["ir.actions.act_window"]
            .with_user(user)
            ._for_xml_id("crm_followup_grading.res_partner_action_followup_pool")
        )

    def _views(self, user):
        action = self._pool_action(user)
        Partner = self.env["res.partner"].with_user(user)
        views = Partner.get_views([*action["views"], [action["search_view_id"][0], "search"]])
        return {kind: etree.fromstring(view["arch"]) for kind, view in views["views"].items()}

    def _filter_domain(self, user, name):
        [node] = self._views(user)["search"].xpath(f"//filter[@name='{name}']")
        return ast.literal_eval(node.get("domain"))

    def _pool(self, user, extra=()):
        domain = ast.literal_eval(self._pool_action(user)["domain"])
        return self.env["res.partner"].with_user(user).search([*domain, *extra])


class TestPoolList(PoolListCase):
    def test_the_list_says_when_from_whom_and_why(self):
        arch = self._views(self.salesman)["list"]
        columns = arch.xpath("//list/field[not(@column_invisible)]/@name")
        for fname in (
            "followup_pool_date",
            "followup_pool_from_id",
            "followup_pool_reason",
            "followup_claim_cooldown_until",
        ):
            self.assertIn(fname, columns)
        # a customer in the pool has no salesperson, countdown or cadence to show
        for fname in ("followup_state", "followup_reclaim_date", "followup_reclaim_days_left"):
            self.assertNotIn(fname, columns)
        pool = self._pool(self.salesman).filtered(lambda p: p in self.pooled)
        self.assertEqual(pool, self.pooled)
        rows = {
            r["id"]: r
            for r in pool.read(
                ["followup_pool_date", "followup_pool_from_id", "followup_pool_reason"]
            )
        }
        sam = rows[self.lost_by_sam[0].id]
        self.assertEqual(sam["followup_pool_date"], TODAY)
        self.assertEqual(sam["followup_pool_from_id"][0], self.salesman.id)
        self.assertEqual(
            sam["followup_pool_reason"], "Sam Sales logged no follow-up for 90 days (grade B)."
        )
        olga = rows[self.lost_by_olga[0].id]
        self.assertEqual(olga["followup_pool_from_id"][0], self.other_salesman.id)

    def test_the_salesperson_sees_their_cooldown_and_until_when(self):
        as_sam = self.pooled.with_user(self.salesman)
        self.assertEqual(
            {p: p.followup_claim_cooldown_until for p in as_sam},
            {
                **dict.fromkeys(self.lost_by_sam, COOLDOWN_ENDS),
                **dict.fromkeys(self.lost_by_olga, False),
            },
        )
        as_olga = self.pooled.with_user(self.other_salesman)
        self.assertEqual(
            as_olga.filtered("followup_claim_cooldown_until"), self.lost_by_olga, "their own"
        )
        cooldown = self._filter_domain(self.salesman, "followup_cooldown")
        claimable = self._filter_domain(self.salesman, "followup_claimable")
        self.assertEqual(self._pool(self.salesman, cooldown), self.lost_by_sam)
        self.assertEqual(self._pool(self.salesman, claimable) & self.pooled, self.lost_by_olga)
        with freeze_time("2026-04-03 09:00:00"):
            self.pooled.invalidate_recordset()
            self.assertFalse(as_sam.filtered("followup_claim_cooldown_until"), "it ended")
            self.assertFalse(self._pool(self.salesman, cooldown))

    def test_the_claim_button_is_hidden_where_the_model_refuses(self):
        arch = self._views(self.salesman)["list"]
        [button] = arch.xpath("//list/button[@name='action_followup_claim']")
        self.assertIn("followup_claim_cooldown_until", button.get("invisible"))
        # the plain call a client could still send is refused, and changes nothing
        customer = self.lost_by_sam[0].with_user(self.salesman)
        before = self._state(customer)
        with self.assertRaises(UserError) as error:
            customer.action_followup_claim()
        self.assertIn("claim cooldown", str(error.exception))
        self.assertIn("04/03/2026", str(error.exception), "the day shown in the list")
        self.assertEqual(self._state(customer), before)
        self.assertFalse(self._events(customer, "claimed"))

    def test_the_columns_cost_the_same_for_a_page_of_any_size(self):
        more = self.env["res.partner"]
        for n in range(10):
            more |= self._customer(f"More {n}", self.grade_b, self.salesman, date(2025, 11, 1))
        self.env["res.partner"]._cron_reclaim_neglected()
        fnames = ["followup_pool_from_id", "followup_pool_reason", "followup_claim_cooldown_until"]

        def count(partners):
            partners = partners.with_user(self.salesman)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners.read(fnames)
            return self.env.cr.sql_log_count - before

        count(self.pooled[:1])  # the access rules and groups, read once and cached
        self.assertEqual(count(self.pooled[:2]), count(self.pooled | more))


class TestClaimSelection(PoolListCase):
    """Claim on a selection of the list: the caps and the cooldown apply to
    the whole selection; any refusal refuses all and changes nothing."""

    def test_the_list_claims_the_selection(self):
        arch = self._views(self.salesman)["list"]
        [header] = arch.xpath("//list/header/button[@name='action_followup_claim']")
        self.assertEqual(header.get("type"), "object")
        self.lost_by_olga.with_user(self.salesman).action_followup_claim()
        self.assertEqual(self.lost_by_olga.user_id, self.salesman)
        self.assertEqual(len(self._events(self.lost_by_olga, "claimed")), 2)

    def test_one_customer_in_cooldown_refuses_the_whole_selection(self):
        selection = (self.lost_by_olga | self.lost_by_sam[:1]).with_user(self.salesman)
        before = self._state(selection)
        with self.assertRaises(UserError) as error:
            selection.action_followup_claim()
        self.assertIn(self.lost_by_sam[0].name, str(error.exception))
        self.assertEqual(self._state(selection), before, "none of the three was claimed")
        self.assertFalse(self._events(self.pooled, "claimed"))

    def test_a_cap_refuses_the_whole_selection(self):
        self.company.followup_claim_max_held = 3
        self._hold(self.salesman, 2)
        before = self._state(self.lost_by_olga)
        with self.assertRaises(UserError) as error:
            self.lost_by_olga.with_user(self.salesman).action_followup_claim()
        self.assertIn("you hold 2 and are claiming 2", str(error.exception))
        self.assertEqual(self._state(self.lost_by_olga), before)
        self.assertFalse(self._events(self.lost_by_olga, "claimed"))


@tagged("post_install", "-at_install")
class TestDemoPool(TransactionCase):
    """The demo's pool reads as a Chinese sales team's: every customer in it
    says when, from whom and why, and Li Wei sees the one he lost in cooldown."""

    def test_li_wei_reads_the_pool_in_chinese(self):
        li = self.env.ref("crm_followup_grading.user_followup_li", raise_if_not_found=False)
        if not li:
            self.skipTest("installed without demo data")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_followup_grading"], ["zh_CN"])
        env = self.env(user=li, context={"lang": "zh_CN", "tz": "Asia/Shanghai"})
        demo = self.env["ir.model.data"].search(
            [("module", "=", "crm_followup_grading"), ("model", "=", "res.partner")]
        )
        pool = env["res.partner"].search(
            [
                ("id", "in", demo.mapped("res_id")),
                ("followup_pool_date", "!=", False),
                ("user_id", "=", False),
            ]
        )
        self.assertGreaterEqual(len(pool), 4)
        for customer in pool:
            with self.subTest(customer=customer.name):
                self.assertTrue(customer.followup_pool_from_id)
                self.assertTrue(customer.followup_pool_reason)
                self.assertNotRegex(customer.followup_pool_reason, "[A-Za-z]{4,}")
        lost = self.env.ref("crm_followup_grading.partner_followup_32").with_env(env)
        self.assertTrue(lost.followup_claim_cooldown_until)
        self.assertEqual(
            pool.filtered("followup_claim_cooldown_until"),
            lost | (self.env.ref("crm_followup_grading.partner_followup_33").with_env(env)),
        )
