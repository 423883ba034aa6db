"""The pool rules at Odoo's generic seams: the partner merge wizard, delete,
archive, duplicate, import, a second company, and a follow-up that re-grades
a customer into the cap. Each refusal is tried as the weakest user who could
try it, and checked to change nothing."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .test_pool_rules import TODAY, PoolCase


class SeamCase(PoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Olga's graded customer, followed up, with an order
        cls.theirs = cls._customer(
            "Acme", cls.grade_b, cls.other_salesman, graded_on=date(2026, 2, 1), last=TODAY
        )
        cls.order = cls.env["sale.order"].create({"partner_id": cls.theirs.id})
        # Sam's own ungraded duplicate of every customer here
        cls.duplicate = cls._customer("Acme Ltd", user=cls.salesman)

    def _snapshot(self, partners):
        """Everything the rules are about, as the database has it."""
        self.env.flush_all()
        self.env.invalidate_all()
        Event = self.env["crm.followup.pool.event"]
        return {
            partner.id: (
                partner.exists() and partner.active,
                partner.user_id,
                partner.followup_grade_id,
                partner.followup_pool_date,
                partner.followup_assigned_date,
                partner.followup_last_date,
                self.env["crm.followup.log"].search([("partner_id", "=", partner.id)]),
                Event.search([("partner_id", "=", partner.id)]),
                self.env["sale.order"].search([("partner_id", "=", partner.id)]),
            )
            for partner in partners.with_context(active_test=False)
        }


class TestMergeWizard(SeamCase):
    """Odoo's merge wizard, run by a salesperson who manages contacts."""

    def _merge(self, partners, keep, user=None):
        partners.sudo().email = "buyer@acme.example.com"
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user or self.salesman)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({"dst_partner_id": keep.id})
        )
        self.assertEqual(wizard.partner_ids, partners)
        wizard.action_merge()

    def test_a_salesperson_cannot_merge_a_colleagues_customer_into_their_duplicate(self):
        partners = self.theirs | self.duplicate
        before = self._snapshot(partners)
        with self.assertRaises(UserError) as error:
            self._merge(partners, keep=self.duplicate)
        self.assertIn("Only sales managers can change the salesperson", str(error.exception))
        self.assertIn("Acme", str(error.exception))
        self.assertEqual(self._snapshot(partners), before, "the customer, its logs and orders")
        self.assertEqual(self.theirs.user_id, self.other_salesman)

    def test_nor_dodge_the_cooldown_of_a_customer_they_released(self):
        mine = self._customer("Mine", self.grade_b, self.salesman, graded_on=date(2026, 2, 1))
        mine.with_user(self.salesman)._followup_release("Moved away")
        with self.assertRaises(UserError):
            mine.with_user(self.salesman).action_followup_claim()
        partners = mine | self.duplicate
        before = self._snapshot(partners)
        with self.assertRaises(UserError) as error:
            self._merge(partners, keep=self.duplicate)
        self.assertIn("claim cooldown", str(error.exception))
        self.assertEqual(self._snapshot(partners), before)
        self.assertFalse(mine.user_id, "still in the pool")

    def test_nor_a_customer_lost_to_the_pool(self):
        partners = self.lost_by_sam[0] | self.duplicate
        before = self._snapshot(partners)
        with self.assertRaises(UserError) as error:
            self._merge(partners, keep=self.lost_by_sam[0])
        self.assertIn("claim cooldown", str(error.exception))
        self.assertEqual(self._snapshot(partners), before)

    def test_nor_merge_beyond_the_cap_on_customers_held(self):
        self.company.followup_claim_max_held = 1
        self._hold(self.salesman, 1)
        partners = self.lost_by_olga[0] | self.duplicate
        before = self._snapshot(partners)
        with self.assertRaises(UserError) as error:
            self._merge(partners, keep=self.duplicate)
        self.assertIn("most customers held", str(error.exception))
        self.assertEqual(self._snapshot(partners), before)

    def test_merging_a_pooled_customer_is_a_claim(self):
        self.company.followup_claim_max_daily = 1
        self._merge(self.lost_by_olga[0] | self.duplicate, keep=self.duplicate)
        self.assertFalse(self.lost_by_olga[0].exists())
        self.assertEqual(self.duplicate.user_id, self.salesman)
        self.assertEqual(self.duplicate.followup_grade_id, self.grade_b)
        self.assertFalse(self.duplicate.followup_pool_date)
        self.assertEqual(self.duplicate.followup_assigned_date, TODAY)
        self.assertEqual(self.duplicate.followup_reclaim_date, date(2026, 6, 3))
        events = self._events(self.duplicate)
        self.assertEqual(
            sorted(events.mapped("event")), ["claimed", "reclaimed"], "its history came along"
        )
        # the claim of the day is spent
        with self.assertRaises(UserError) as error:
            self.lost_by_olga[1].with_user(self.salesman).action_followup_claim()
        self.assertIn("most claims per day", str(error.exception))

    def test_a_sales_manager_merges_and_assigns(self):
        self._merge(self.theirs | self.duplicate, keep=self.duplicate, user=self.manager)
        self.assertFalse(self.theirs.exists())
        self.assertEqual(self.duplicate.user_id, self.salesman)
        self.assertEqual(self.duplicate.followup_grade_id, self.grade_b)
        self.assertEqual(self.duplicate.followup_last_date, TODAY)
        self.assertEqual(self.order.partner_id, self.duplicate)
        self.assertEqual(len(self.duplicate.followup_log_ids), 1)
        assigned = self._events(self.duplicate, "assigned")
        self.assertEqual(assigned.user_id, self.salesman)

    def test_merging_into_the_colleagues_customer_leaves_it_to_them(self):
        self._merge(self.theirs | self.duplicate, keep=self.theirs)
        self.assertFalse(self.duplicate.exists())
        self.assertEqual(self.theirs.user_id, self.other_salesman)
        self.assertEqual(self.theirs.followup_grade_id, self.grade_b)


class TestDeleteAndArchive(SeamCase):
    def test_nobody_deletes_a_customer_with_follow_up_logs(self):
        mine = self._customer("Mine", self.grade_c, self.salesman, last=TODAY)
        before = self._snapshot(mine | self.theirs)
        for user, partner in ((self.salesman, mine), (self.manager, self.theirs)):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError) as error:
                    partner.with_user(user).unlink()
                self.assertIn("Archive them instead", str(error.exception))
        self.assertEqual(self._snapshot(mine | self.theirs), before)
        field = self.env["crm.followup.log"]._fields["partner_id"]
        self.assertEqual(field.ondelete, "restrict", "nor does the database cascade")

    def test_nor_a_pooled_customer_with_its_pool_history(self):
        before = self._snapshot(self.lost_by_olga)
        with self.assertRaises(UserError):
            self.lost_by_olga.with_user(self.salesman).unlink()
        self.assertEqual(self._snapshot(self.lost_by_olga), before)
        field = self.env["crm.followup.pool.event"]._fields["partner_id"]
        self.assertEqual(field.ondelete, "restrict")

    def test_nor_removes_its_logs_from_the_customer(self):
        mine = self._customer("Mine", self.grade_c, self.salesman, last=TODAY)
        log = mine.followup_log_ids
        before = self._snapshot(mine)
        commands = (
            Command.delete(log.id),
            Command.unlink(log.id),
            Command.clear(),
            Command.set([]),
        )
        for user in (self.salesman, self.manager):
            for command in commands:
                with (
                    self.subTest(user=user.login, command=command),
                    self.assertRaises(UserError),  # an AccessError is one too
                ):
                    mine.with_user(user).write({"followup_log_ids": [command]})
        self.assertEqual(self._snapshot(mine), before)

    def test_a_contact_without_history_is_deleted_as_usual(self):
        self.duplicate.with_user(self.salesman).unlink()
        self.assertFalse(self.duplicate.exists())

    def test_a_salesperson_cannot_archive_a_customer_out_of_the_pool(self):
        before = self._snapshot(self.lost_by_olga)
        with self.assertRaises(UserError) as error:
            self.lost_by_olga.with_user(self.salesman).action_archive()
        self.assertIn("Only sales managers can archive", str(error.exception))
        with self.assertRaises(UserError):
            self.lost_by_olga[0].with_user(self.salesman).write({"active": False})
        self.assertEqual(self._snapshot(self.lost_by_olga), before)
        pool = (
            self.env["res.partner"]
            .with_user(self.other_salesman)
            .search([("followup_pool_date", "!=", False), ("user_id", "=", False)])
        )
        self.assertLessEqual(self.lost_by_olga, pool, "everyone still sees them")

    def test_nor_hide_a_graded_customer_from_the_reclaim(self):
        before = self._snapshot(self.theirs)
        with self.assertRaises(UserError):
            self.theirs.with_user(self.other_salesman).action_archive()
        self.assertEqual(self._snapshot(self.theirs), before)
        self.duplicate.with_user(self.salesman).action_archive()
        self.assertFalse(self.duplicate.active, "an ungraded contact is archived as usual")

    def test_a_sales_manager_archives_and_unarchiving_meets_the_cap(self):
        self.lost_by_olga[0].with_user(self.manager).action_archive()
        self.assertFalse(self.lost_by_olga[0].active)
        self.theirs.with_user(self.manager).action_archive()
        self.company.followup_claim_max_held = 1
        self._hold(self.other_salesman, 1)
        before = self._snapshot(self.theirs)
        with self.assertRaises(UserError) as error:
            self.theirs.with_user(self.other_salesman).action_unarchive()
        self.assertIn("most customers held", str(error.exception))
        self.assertEqual(self._snapshot(self.theirs), before)


class TestRegradeIntoTheCap(SeamCase):
    def _log(self, partner, grade, user=None):
        return (
            self.env["crm.followup.log"]
            .with_user(user or self.salesman)
            .create({"partner_id": partner.id, "grade_id": grade.id, "summary": "Called"})
        )

    def test_the_cap_holds_when_a_log_regrades_back(self):
        self.company.followup_claim_max_held = 1
        held = self._customer("Held", self.grade_b, self.salesman)
        # grade it E (never reclaimed, not counted), claim one more, grade it B again
        self._log(held, self.grade_e)
        self.lost_by_olga[0].with_user(self.salesman).action_followup_claim()
        before = self._snapshot(held)
        with self.assertRaises(UserError) as error:
            self._log(held, self.grade_b)
        message = str(error.exception)
        self.assertIn('"most customers held"', message)
        self.assertIn("at most 1 customers", message)
        self.assertIn("Sam Sales holds 1", message)
        self.assertEqual(self._snapshot(held), before, "no log, grade E")
        self.assertEqual(held.followup_grade_id, self.grade_e)
        # a log that keeps the grade, or moves within the counted grades, passes
        self._log(held, self.grade_e)
        self._log(self.lost_by_olga[0], self.grade_a)
        # a sales manager grades beyond the cap
        self._log(held, self.grade_b, user=self.manager)
        self.assertEqual(held.followup_grade_id, self.grade_b)

    def test_a_first_grade_by_log_counts_too(self):
        self.company.followup_claim_max_held = 1
        self._hold(self.salesman, 1)
        before = self._snapshot(self.duplicate)
        with self.assertRaises(UserError):
            self._log(self.duplicate, self.grade_c)
        self.assertEqual(self._snapshot(self.duplicate), before)
        self._log(self.duplicate, self.grade_e)
        self.assertEqual(self.duplicate.followup_grade_id, self.grade_e)


class TestCopyImportCompanies(SeamCase):
    def test_a_copy_takes_no_follow_up_history(self):
        for original in (self.theirs, self.lost_by_olga[0]):
            with self.subTest(original=original.name):
                before = self._snapshot(original)
                copy = original.with_user(self.salesman).copy()
                self.assertFalse(copy.followup_grade_id or copy.followup_pool_date)
                self.assertFalse(copy.followup_grade_date or copy.followup_last_date)
                self.assertFalse(copy.followup_reclaim_date or copy.followup_reclaim_warned_date)
                # a new contact with a salesperson: its own date, not the original's
                self.assertEqual(copy.followup_assigned_date, TODAY if copy.user_id else False)
                self.assertFalse(copy.followup_log_ids or self._events(copy))
                self.assertEqual(copy.user_id, original.user_id)
                self.assertEqual(self._snapshot(original), before)

    def test_an_import_meets_the_same_rules(self):
        pooled = self.lost_by_olga[0]
        before = self._snapshot(pooled | self.theirs)
        Partner = self.env["res.partner"].with_user(self.salesman)
        for fields, row in (
            ([".id", "active"], [str(pooled.id), "False"]),
            ([".id", "user_id/.id"], [str(pooled.id), str(self.salesman.id)]),
            ([".id", "user_id/.id"], [str(self.theirs.id), str(self.salesman.id)]),
        ):
            with self.subTest(fields=fields, row=row):
                result = Partner.load(fields, [row])
                self.assertFalse(result["ids"])
                self.assertTrue(result["messages"])
        self.assertEqual(self._snapshot(pooled | self.theirs), before)

    def test_another_current_company_changes_no_rule(self):
        other = self.env["res.company"].create({"name": "Lax Co"})
        self.assertFalse(other.followup_claim_max_daily)
        self.salesman.company_ids = [Command.link(other.id)]
        self.company.followup_claim_max_daily = 1
        of_company = self._customer("Of the company", self.grade_b, self.other_salesman)
        of_company.company_id = self.company
        (of_company | self.theirs).with_user(self.manager)._followup_release("Left")
        as_lax = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .with_context(allowed_company_ids=[other.id, self.company.id])
        )
        as_lax.browse(self.lost_by_olga[0].id).action_followup_claim()
        for customer in (of_company, self.lost_by_olga[1]):
            # the company's customer: its rules; a shared one: the strictest of the salesperson's
            with self.subTest(customer=customer.name):
                with self.assertRaises(UserError) as error:
                    as_lax.browse(customer.id).action_followup_claim()
                self.assertIn("most claims per day", str(error.exception))
                self.assertFalse(customer.user_id)

    def test_a_salesperson_of_another_company_alone_gets_its_rules(self):
        other = self.env["res.company"].create({"name": "Lax Co"})
        elsewhere = new_test_user(
            self.env,
            "fu_elsewhere",
            groups="sales_team.group_sale_salesman",
            company_id=other.id,
            company_ids=[other.id],
        )
        self.company.followup_claim_max_daily = 1
        self.lost_by_olga.with_user(elsewhere).action_followup_claim()
        self.assertEqual(self.lost_by_olga.user_id, elsewhere, "shared customers, its rules")
