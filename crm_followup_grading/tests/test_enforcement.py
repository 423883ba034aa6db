"""The follow-up history holds whatever the client sends: each test makes the
plain create / write / action call a JSON-RPC client would, as the weakest
user who could try it, and checks the refusal and that nothing changed."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import FollowupCase

TODAY = date(2026, 3, 4)


class TestFollowupDatesByHand(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # graded C on 1 Feb, followed up on 10 Feb: overdue since 25 Feb
        cls.mine = cls._customer(
            "Mine", cls.grade_c, cls.salesman, graded_on=date(2026, 2, 1), last=date(2026, 2, 10)
        )
        cls.theirs = cls._customer(
            "Theirs", cls.grade_b, cls.other_salesman, graded_on=date(2025, 9, 1)
        )

    def _history(self, partner):
        partner.invalidate_recordset()
        return {
            fname: partner[fname]
            for fname in (
                "user_id",
                "followup_grade_id",
                "followup_grade_date",
                "followup_last_date",
                "followup_next_date",
                "followup_state",
                "followup_assigned_date",
                "followup_pool_date",
            )
        }

    def test_a_salesperson_cannot_make_an_overdue_customer_scheduled(self):
        before = self._history(self.mine)
        self.assertEqual(before["followup_state"], "overdue")
        for vals in (
            {"followup_last_date": "2026-03-04"},
            {"followup_grade_date": "2026-03-04"},
            {"followup_next_date": "2026-03-20"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError) as error:
                self.mine.with_user(self.salesman).write(vals)
            self.assertIn("cannot be set by hand", str(error.exception))
        self.assertEqual(self._history(self.mine), before)
        self.assertEqual(len(self.mine.followup_log_ids), 1, "no follow-up was logged")

    def test_nor_keep_a_colleagues_customer_out_of_the_pool(self):
        before = self._history(self.theirs)
        with self.assertRaises(UserError):
            self.theirs.with_user(self.salesman).write({"followup_assigned_date": "2026-03-04"})
        self.assertEqual(self._history(self.theirs), before)
        self.env["res.partner"]._cron_reclaim_neglected()
        self.assertFalse(self.theirs.user_id, "reclaimed on time")
        pooled = self._history(self.theirs)
        with self.assertRaises(UserError):
            self.theirs.with_user(self.salesman).write({"followup_pool_date": False})
        self.assertEqual(self._history(self.theirs), pooled)
        self.assertEqual(pooled["followup_pool_date"], TODAY)

    def test_nor_reassign_a_graded_customer_to_restart_the_reclaim_clock(self):
        before = self._history(self.theirs)
        with self.assertRaises(UserError) as error:
            self.theirs.with_user(self.other_salesman).write({"user_id": self.salesman.id})
        self.assertIn("Only sales managers can change the salesperson", str(error.exception))
        with self.assertRaises(UserError):
            self.theirs.with_user(self.other_salesman).write({"user_id": False})
        self.assertEqual(self._history(self.theirs), before)

    def test_nor_take_a_pooled_customer_without_claiming_it(self):
        self.env["res.partner"]._cron_reclaim_neglected()
        before = self._history(self.theirs)
        self.assertEqual(before["followup_pool_date"], TODAY)
        with self.assertRaises(UserError):
            self.theirs.with_user(self.salesman).write({"user_id": self.salesman.id})
        self.assertEqual(self._history(self.theirs), before)

    def test_nor_create_a_customer_with_a_history(self):
        Partner = self.env["res.partner"].with_user(self.salesman)
        with self.assertRaises(UserError):
            Partner.create({"name": "Backdated", "followup_last_date": "2026-03-01"})
        with self.assertRaises(UserError):
            Partner.create(
                {"name": "Backdated", "user_id": self.salesman.id, "followup_assigned_date": TODAY}
            )
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Backdated")]))

    def test_sales_managers_neither_they_regrade_or_assign(self):
        before = self._history(self.mine)
        with self.assertRaises(UserError):
            self.mine.with_user(self.manager).write({"followup_last_date": TODAY})
        with self.assertRaises(UserError):
            self.mine.with_user(self.manager).write(
                {"followup_grade_id": self.grade_a.id, "followup_grade_date": "2025-01-01"}
            )
        self.assertEqual(self._history(self.mine), before)
        self.mine.with_user(self.manager).write({"followup_grade_id": self.grade_a.id})
        self.assertEqual(self.mine.followup_grade_date, TODAY)

    def test_writing_back_the_same_values_is_no_edit(self):
        before = self._history(self.mine)
        self.mine.with_user(self.salesman).write(
            {
                "followup_last_date": "2026-02-10",
                "followup_grade_date": "2026-02-01",
                "followup_pool_date": False,
                "phone": "+86 21 5555 0000",
            }
        )
        self.assertEqual(self._history(self.mine), before)
        self.assertEqual(self.mine.phone, "+86 21 5555 0000")

    def test_a_salesperson_duplicates_a_graded_customer(self):
        copy = self.mine.with_user(self.salesman).copy()
        self.assertEqual(copy.name, "Mine (copy)")
        self.assertFalse(copy.followup_grade_id)
        self.assertFalse(copy.followup_last_date or copy.followup_grade_date)
        self.assertFalse(copy.followup_log_ids)
        self.assertEqual(copy.followup_state, "none")
        self.assertEqual(self.mine.followup_grade_id, self.grade_c)


class TestMassEdit(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.graded_b = cls._customer("B", cls.grade_b, cls.salesman, graded_on=date(2026, 2, 1))
        cls.graded_c = cls._customer("C", cls.grade_c, cls.salesman, graded_on=date(2026, 2, 1))
        cls.others = cls._customer(
            "Others", cls.grade_c, cls.other_salesman, graded_on=date(2025, 9, 1)
        )
        cls.env["res.partner"]._cron_reclaim_neglected()
        cls.pooled = cls.others

    def test_a_regrade_restarts_only_the_cadence_of_the_changed_customers(self):
        (self.graded_b | self.graded_c).with_user(self.manager).write(
            {"followup_grade_id": self.grade_b.id}
        )
        self.assertEqual(self.graded_b.followup_grade_date, date(2026, 2, 1), "was B already")
        self.assertEqual(self.graded_b.followup_next_date, date(2026, 2, 8))
        self.assertEqual(self.graded_c.followup_grade_date, TODAY)
        self.assertEqual(self.graded_c.followup_next_date, date(2026, 3, 11))

    def test_an_assignment_restarts_only_the_clock_of_the_changed_customers(self):
        self.assertEqual(self.pooled.followup_pool_date, TODAY)
        (self.graded_b | self.pooled).with_user(self.manager).write({"user_id": self.salesman.id})
        self.assertEqual(self.graded_b.followup_assigned_date, date(2026, 2, 1), "had him already")
        self.assertEqual(self.pooled.user_id, self.salesman)
        self.assertEqual(self.pooled.followup_assigned_date, TODAY)
        self.assertFalse(self.pooled.followup_pool_date)

    def _mixed_batch(self, count):
        return self.env["res.partner"].create(
            [
                {
                    "name": f"Mass {i}",
                    "user_id": self.salesman.id,
                    "followup_grade_id": (self.grade_b if i % 2 else self.grade_c).id,
                }
                for i in range(count)
            ]
        )

    def _mass_edit(self, partners):
        # without Odoo's own "you have been assigned" mail, sent customer by customer
        partners.with_user(self.manager).with_context(mail_auto_subscribe_no_notify=True).write(
            {"followup_grade_id": self.grade_b.id, "user_id": self.other_salesman.id}
        )
        self.env.flush_all()

    def _mass_edit_queries(self, count):
        partners = self._mixed_batch(count)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._mass_edit(partners)
        self.assertEqual(set(partners.mapped("followup_grade_id")), {self.grade_b})
        self.assertEqual(set(partners.mapped("followup_assigned_date")), {TODAY})
        return self.env.cr.sql_log_count - before

    def test_a_mixed_batch_of_10_or_100_takes_as_many_queries(self):
        counts = []  # the first run fills the registry's caches
        for count in (10, 10, 100):
            with self.env.cr.savepoint() as savepoint:
                counts.append(self._mass_edit_queries(count))
                savepoint.rollback()
        self.assertEqual(counts[2], counts[1])


class TestLogAsYourself(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Acme", cls.grade_c, cls.salesman, graded_on=date(2026, 2, 1))
        cls.Log = cls.env["crm.followup.log"]

    def test_a_salesperson_logs_only_as_themselves(self):
        with self.assertRaises(UserError) as error:
            self.Log.with_user(self.salesman).create(
                {"partner_id": self.customer.id, "user_id": self.other_salesman.id}
            )
        self.assertIn("only log your own follow-ups", str(error.exception))
        with self.assertRaises(UserError):
            self.Log.with_user(self.salesman).create(
                {"partner_id": self.customer.id, "user_id": False}
            )
        self.assertFalse(self.customer.followup_log_ids)
        self.assertFalse(self.customer.followup_last_date)

    def test_a_manager_logs_for_a_salesperson(self):
        log = self.Log.with_user(self.manager).create(
            {"partner_id": self.customer.id, "user_id": self.salesman.id, "channel": "visit"}
        )
        self.assertEqual(log.user_id, self.salesman)
        self.assertEqual(self.customer.followup_last_date, TODAY)

    def test_a_backdated_log_does_not_override_a_newer_one(self):
        self.Log.with_user(self.salesman).create(
            {"partner_id": self.customer.id, "grade_id": self.grade_a.id}
        )
        late = self.Log.with_user(self.salesman).create(
            {"partner_id": self.customer.id, "grade_id": self.grade_e.id, "date": "2026-02-20"}
        )
        self.assertEqual(late.grade_before_id, self.grade_a)
        self.assertEqual(self.customer.followup_grade_id, self.grade_a, "from the latest log")
        self.assertEqual(self.customer.followup_grade_date, TODAY)
        self.assertEqual(self.customer.followup_last_date, TODAY)
        self.assertEqual(self.customer.followup_next_date, date(2026, 3, 5))
        # a second log of the same day is the newer one
        self.Log.with_user(self.salesman).create(
            {"partner_id": self.customer.id, "grade_id": self.grade_b.id}
        )
        self.assertEqual(self.customer.followup_grade_id, self.grade_b)

    def test_nor_a_managers_newer_regrade(self):
        self.customer.with_user(self.manager).followup_grade_id = self.grade_b
        self.Log.with_user(self.salesman).create(
            {"partner_id": self.customer.id, "grade_id": self.grade_e.id, "date": "2026-03-02"}
        )
        self.assertEqual(self.customer.followup_grade_id, self.grade_b)
        self.assertEqual(self.customer.followup_last_date, date(2026, 3, 2))
        # in one batch too, whatever the order of the values
        self.Log.with_user(self.salesman).create(
            [
                {"partner_id": self.customer.id, "grade_id": self.grade_a.id},
                {"partner_id": self.customer.id, "grade_id": self.grade_e.id, "date": "2026-03-03"},
            ]
        )
        self.assertEqual(self.customer.followup_grade_id, self.grade_a)
        self.assertEqual(self.customer.followup_last_date, TODAY)


class TestLogsAreHistory(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer(
            "Acme", cls.grade_c, cls.salesman, graded_on=date(2026, 2, 1), last=date(2026, 3, 2)
        )
        cls.log = cls.customer.followup_log_ids

    def _snapshot(self):
        self.log.invalidate_recordset()
        return (
            self.log.partner_id,
            self.log.user_id,
            self.log.date,
            self.log.grade_id,
            self.customer.followup_last_date,
        )

    def test_a_manager_cannot_rewrite_what_a_log_says(self):
        before = self._snapshot()
        for vals in (
            {"date": "2026-03-04"},
            {"grade_id": self.grade_a.id},
            {"user_id": self.other_salesman.id},
            {"partner_id": self._customer("Other", self.grade_b, self.salesman).id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError) as error:
                self.log.with_user(self.manager).write(vals)
            self.assertIn("part of the customer's history", str(error.exception))
        self.assertEqual(self._snapshot(), before)

    def test_a_manager_corrects_the_summary(self):
        self.log.with_user(self.manager).write({"summary": "Called about the April order"})
        self.assertEqual(self.log.summary, "Called about the April order")

    def test_nobody_deletes_a_log(self):
        with self.assertRaises(AccessError):
            self.log.with_user(self.salesman).unlink()
        with self.assertRaises(UserError) as error:
            self.log.with_user(self.manager).unlink()
        self.assertIn("cannot be deleted", str(error.exception))
        self.assertTrue(self.log.exists())
        self.assertEqual(self.customer.followup_last_date, date(2026, 3, 2))


class TestReminderOnAColleaguesCustomer(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.theirs = cls._customer(
            "Theirs", cls.grade_b, cls.other_salesman, graded_on=date(2026, 2, 1)
        )

    def _reminder_by(self, user):
        return (
            self.env["mail.activity"]
            .with_user(user)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.theirs.id,
                    "activity_type_id": self.reminder_type.id,
                    "user_id": user.id,
                }
            )
        )

    def test_closing_it_logs_nothing(self):
        reminder = self._reminder_by(self.salesman)
        reminder.action_feedback(feedback="Called them myself")
        self.assertFalse(reminder.exists(), "marked done all the same")
        self.assertFalse(self.theirs.followup_log_ids)
        self.assertFalse(self.theirs.followup_last_date)
        self.assertEqual(self.theirs.followup_state, "overdue")

    def test_an_all_documents_user_may_log_for_it(self):
        self._reminder_by(self.all_docs).action_feedback(feedback="Called")
        self.assertEqual(self.theirs.followup_log_ids.user_id, self.all_docs)
        self.assertEqual(self.theirs.followup_last_date, TODAY)


class TestEmptyOrder(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Acme", cls.grade_b, cls.salesman, graded_on=date(2026, 2, 1))

    def test_confirming_then_cancelling_an_empty_order_logs_nothing(self):
        Order = self.env["sale.order"].with_user(self.salesman)
        empty = Order.create({"partner_id": self.customer.id})
        notes = Order.create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"display_type": "line_section", "name": "Pumps"}),
                    Command.create({"display_type": "line_note", "name": "Nothing yet"}),
                ],
            }
        )
        for order in empty | notes:
            order.action_confirm()
            self.assertEqual(order.state, "sale")
            order.with_context(disable_cancel_warning=True).action_cancel()
            self.assertEqual(order.state, "cancel")
        self.assertFalse(self.customer.followup_log_ids)
        self.assertFalse(self.customer.followup_last_date)
        self.assertEqual(self.customer.followup_state, "overdue")


class TestClaimNeedsASalesGroup(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pooled = cls._customer(
            "Pooled Co", cls.grade_b, cls.salesman, graded_on=date(2025, 9, 1)
        )
        cls.pooled.is_company = True
        cls.env["res.partner"]._cron_reclaim_neglected()

    def _assert_still_pooled(self):
        self.pooled.invalidate_recordset()
        self.assertFalse(self.pooled.user_id)
        self.assertEqual(self.pooled.followup_pool_date, TODAY)
        self.assertEqual(self.pooled.followup_assigned_date, date(2025, 9, 1))

    def test_a_user_without_a_sales_group(self):
        clerk = new_test_user(
            self.env, "fu_clerk", groups="base.group_user,base.group_partner_manager"
        )
        with self.assertRaises(AccessError) as error:
            self.pooled.with_user(clerk).action_followup_claim()
        self.assertIn("Only salespeople can claim", str(error.exception))
        self._assert_still_pooled()

    def test_a_portal_user_on_their_own_company(self):
        portal = new_test_user(self.env, "fu_portal", groups="base.group_portal")
        portal.partner_id.parent_id = self.pooled
        self.assertEqual(portal.partner_id.commercial_partner_id, self.pooled)
        with self.assertRaises(AccessError):
            self.pooled.with_user(portal).action_followup_claim()
        with self.assertRaises(AccessError):
            portal.partner_id.with_user(portal).action_followup_claim()
        self._assert_still_pooled()

    def test_a_salesperson_claims_it(self):
        self.pooled.with_user(self.other_salesman).action_followup_claim()
        self.assertEqual(self.pooled.user_id, self.other_salesman)
        self.assertEqual(self.pooled.followup_assigned_date, TODAY)


class TestFullRead(FollowupCase):
    """What read() / search_read without a field list, exports and
    integrations do: no field of this addon may break it for a sales group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer(
            "Acme", cls.grade_b, cls.salesman, graded_on=date(2026, 2, 1), last=date(2026, 3, 2)
        )
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.salesman)
            .create({"partner_id": cls.customer.id, "user_id": cls.salesman.id})
        )
        cls.clerk = new_test_user(
            cls.env, "fu_clerk", groups="base.group_user,base.group_partner_manager"
        )

    def test_customers_read_with_all_fields(self):
        for user in (self.salesman, self.other_salesman, self.all_docs, self.manager, self.clerk):
            with self.subTest(user=user.login):
                [values] = self.customer.with_user(user).read()
                self.assertEqual(values["followup_grade_id"][0], self.grade_b.id)
                self.assertEqual(values["followup_last_date"], date(2026, 3, 2))
        [values] = self.customer.with_user(self.clerk).read()
        self.assertNotIn("followup_log_ids", values, "logs are for sales users")
        [values] = self.customer.with_user(self.salesman).read()
        self.assertEqual(len(values["followup_log_ids"]), 1)

    def test_orders_read_with_all_fields(self):
        for user in (self.salesman, self.all_docs, self.manager):
            with self.subTest(user=user.login):
                [values] = self.order.with_user(user).read()
                self.assertEqual(values["partner_followup_grade_id"][0], self.grade_b.id)


class TestMergeDuplicates(FollowupCase):
    """Odoo's merge wizard, as a salesperson who manages contacts runs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.graded = cls._customer(
            "Acme", cls.grade_c, cls.salesman, graded_on=date(2026, 2, 1), last=date(2026, 3, 2)
        )
        cls.duplicate = cls._customer("Acme Ltd", user=cls.salesman)
        (cls.graded | cls.duplicate).email = "buyer@acme.example.com"

    def _merge(self, partners, keep):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.salesman)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({"dst_partner_id": keep.id})
        )
        wizard.action_merge()
        self.assertFalse((partners - keep).exists())

    def test_the_kept_contact_takes_the_duplicates_history(self):
        self._merge(self.graded | self.duplicate, keep=self.duplicate)
        self.assertEqual(self.duplicate.followup_grade_id, self.grade_c)
        self.assertEqual(self.duplicate.followup_grade_date, date(2026, 2, 1))
        self.assertEqual(self.duplicate.followup_last_date, date(2026, 3, 2))
        self.assertEqual(len(self.duplicate.followup_log_ids), 1, "the log moved along")

    def test_or_keeps_its_own(self):
        self._merge(self.graded | self.duplicate, keep=self.graded)
        self.assertEqual(self.graded.followup_grade_id, self.grade_c)
        self.assertEqual(self.graded.followup_last_date, date(2026, 3, 2))
