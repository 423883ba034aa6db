from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import FollowupCase


class TestFollowupLog(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Acme", cls.grade_c, cls.salesman, graded_on=date(2026, 2, 1))

    def _log_dialog(self, user, customer):
        action = customer.with_user(user).action_followup_log()
        self.assertEqual(action["target"], "new")
        view = self.env["ir.ui.view"].browse(action["views"][0][0])
        model = self.env["crm.followup.log"].with_user(user).with_context(**action["context"])
        return Form(model, view=view)

    def test_logging_regrades_moves_the_dates_and_closes_the_reminder(self):
        self.env["res.partner"]._cron_schedule_followups()
        self.assertEqual(len(self._reminders(self.customer)), 1)
        with self._log_dialog(self.salesman, self.customer) as dialog:
            self.assertEqual(dialog.partner_id, self.customer)
            self.assertEqual(dialog.grade_id, self.grade_c, "proposes the current grade")
            dialog.channel = "visit"
            dialog.summary = "Visited the plant, budget approved for April"
            dialog.grade_id = self.grade_a
        log = dialog.record
        self.assertEqual(log.user_id, self.salesman)
        self.assertEqual(log.date, date(2026, 3, 4))
        self.assertEqual(log.grade_before_id, self.grade_c)
        self.assertEqual(self.customer.followup_grade_id, self.grade_a)
        self.assertEqual(self.customer.followup_last_date, date(2026, 3, 4))
        self.assertEqual(self.customer.followup_next_date, date(2026, 3, 5))
        self.assertEqual(self.customer.followup_state, "scheduled")
        self.assertEqual(self.customer.followup_log_count, 1)
        self.assertFalse(self._reminders(self.customer), "the reminder was marked done")
        done = self.customer.sudo().message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.reminder_type
        )
        self.assertIn("budget approved", done.body)

    def test_expected_close_date_proposes_the_grade(self):
        with self._log_dialog(self.salesman, self.customer) as dialog:
            dialog.expected_close_date = date(2026, 5, 15)
            self.assertEqual(dialog.grade_id, self.grade_b)
            dialog.expected_close_date = date(2027, 1, 1)
            self.assertEqual(dialog.grade_id, self.grade_d)
            dialog.expected_close_date = date(2026, 3, 20)
            self.assertEqual(dialog.grade_id, self.grade_a)
        self.assertEqual(self.customer.followup_grade_id, self.grade_a)

    def test_marking_the_reminder_done_in_the_activity_widget_logs_a_followup(self):
        self.env["res.partner"]._cron_schedule_followups()
        reminder = self._reminders(self.customer)
        reminder.with_user(self.salesman).action_feedback(feedback="Called, call back next week")
        log = self.customer.followup_log_ids
        self.assertEqual(len(log), 1)
        self.assertEqual(log.summary, "Called, call back next week")
        self.assertEqual(log.channel, "call")
        self.assertEqual(log.user_id, self.salesman)
        self.assertEqual(log.grade_id, self.grade_c, "the grade stays")
        self.assertEqual(self.customer.followup_grade_id, self.grade_c)
        self.assertEqual(self.customer.followup_next_date, date(2026, 3, 19))
        self.assertFalse(self._reminders(self.customer))
        self.env["res.partner"]._cron_schedule_followups()
        self.assertFalse(self._reminders(self.customer), "not due any more")

    def test_a_reminder_of_a_customer_ungraded_since_closes_without_a_log(self):
        self.env["res.partner"]._cron_schedule_followups()
        self.customer.with_user(self.manager).followup_grade_id = False
        self._reminders(self.customer).with_user(self.salesman).action_done()
        self.assertFalse(self._reminders(self.customer))
        self.assertFalse(self.customer.followup_log_ids)

    def test_other_activities_are_not_followups(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.customer.activity_schedule(activity_type_id=todo.id, user_id=self.salesman.id)
        self.customer.activity_ids.with_user(self.salesman).action_done()
        self.assertFalse(self.customer.followup_log_ids)

    def test_back_dated_log_does_not_move_the_last_followup_back(self):
        self.customer.with_user(self.salesman).followup_log_ids.create(
            {"partner_id": self.customer.id, "grade_id": self.grade_c.id}
        )
        self.env["crm.followup.log"].with_user(self.salesman).create(
            {"partner_id": self.customer.id, "date": date(2026, 2, 20), "summary": "forgot"}
        )
        self.assertEqual(self.customer.followup_last_date, date(2026, 3, 4))
        self.assertEqual(self.customer.followup_log_count, 2)


class TestFollowupLogBadInput(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Acme", cls.grade_c, cls.salesman, graded_on=date(2026, 2, 1))
        cls.ungraded = cls._customer("Newco", user=cls.salesman)
        cls.Log = cls.env["crm.followup.log"].with_user(cls.salesman)

    def assertNothingWritten(self):
        self.assertFalse(
            self.env["crm.followup.log"].search([("partner_id.user_id", "=", self.salesman.id)])
        )
        self.assertEqual(self.customer.followup_grade_id, self.grade_c)
        self.assertFalse(self.customer.followup_last_date)

    def test_without_customer(self):
        with self.assertRaises(ValidationError) as error:
            self.Log.create({"grade_id": self.grade_a.id, "summary": "who?"})
        self.assertIn("Choose the customer", str(error.exception))
        self.assertNothingWritten()

    def test_without_grade_for_an_ungraded_customer(self):
        with self.assertRaises(ValidationError) as error:
            self.Log.create({"partner_id": self.ungraded.id, "summary": "first call"})
        self.assertIn("Choose the grade of Newco", str(error.exception))
        self.assertFalse(self.ungraded.followup_log_ids)
        self.assertFalse(self.ungraded.followup_grade_id)

    def test_in_the_future(self):
        with self.assertRaises(ValidationError) as error:
            self.Log.create(
                {
                    "partner_id": self.customer.id,
                    "grade_id": self.grade_a.id,
                    "date": date(2026, 3, 5),
                }
            )
        self.assertIn("cannot be logged in the future", str(error.exception))
        self.assertNothingWritten()

    def test_in_the_future_from_the_dialog(self):
        form = Form(self.Log.with_context(default_partner_id=self.customer.id))
        form.date = date(2026, 4, 1)
        form.grade_id = self.grade_a
        with self.assertRaises(ValidationError):
            form.save()
        self.assertNothingWritten()

    def test_a_salesperson_cannot_log_for_someone_elses_customer(self):
        theirs = self._customer(
            "Theirs", self.grade_b, self.other_salesman, graded_on=date(2026, 3, 1)
        )
        with self.assertRaises(UserError):
            self.Log.create({"partner_id": theirs.id, "summary": "not mine"})
        self.assertFalse(theirs.followup_log_ids)
        self.assertFalse(theirs.followup_last_date)

    def test_another_salesperson_or_a_pooled_customer_is_refused_by_name(self):
        pooled = self._customer("Pooled Ltd", self.grade_c, graded_on=date(2026, 2, 1))
        Log = self.env["crm.followup.log"].with_user(self.other_salesman)
        for customer, reason in (
            (self.customer, "Acme is Sam Sales's customer: only they and sales managers"),
            (pooled, "Pooled Ltd is in the customer pool: claim it before logging"),
        ):
            with self.subTest(customer=customer.name):
                before = (customer.followup_last_date, customer.followup_grade_id)
                with self.assertRaises(AccessError) as error:
                    Log.create({"partner_id": customer.id, "channel": "call", "summary": "x"})
                self.assertIn(reason, str(error.exception))
                self.assertFalse(customer.followup_log_ids)
                self.assertEqual((customer.followup_last_date, customer.followup_grade_id), before)

    def test_a_customer_of_a_company_not_selected_is_refused_naming_the_company(self):
        """Whoever's customer it is, a follow-up is logged in the customer's company."""
        other = self.env["res.company"].create({"name": "Other Co"})
        self.salesman.sudo().company_ids |= other
        customer = self.customer.sudo()
        customer.company_id = other
        before = (customer.followup_last_date, customer.followup_grade_id)
        # the salesperson's own customer, while working in their main company only
        # (the company switcher of the web client sends allowed_company_ids)
        Log = (
            self.env["crm.followup.log"]
            .with_user(self.salesman)
            .with_context(allowed_company_ids=self.salesman.company_id.ids)
        )
        with self.assertRaises(AccessError) as error:
            Log.create({"partner_id": self.customer.id, "channel": "call", "summary": "x"})
        # Odoo's own refusal: the customer cannot even be read there, and it names
        # the company to switch to
        self.assertIn("switching to the company: Other Co", str(error.exception))
        self.assertFalse(customer.followup_log_ids)
        self.assertEqual((customer.followup_last_date, customer.followup_grade_id), before)
        # with the company selected, the same follow-up is logged
        Log.with_context(allowed_company_ids=[self.salesman.company_id.id, other.id]).create(
            {"partner_id": self.customer.id, "channel": "call", "summary": "x"}
        )
        self.assertEqual(len(customer.followup_log_ids), 1)
