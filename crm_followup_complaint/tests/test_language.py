from datetime import date

from .common import ComplaintCase


class TestLanguageOfTheReader(ComplaintCase):
    """What the server writes is in the language of the person who reads it,
    not the cron's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["crm_followup_complaint"], ["zh_CN"])
        cls.salesman.lang = "zh_CN"

    def test_deduction_reasons_and_activity_in_the_salespersons_language(self):
        ticket = self._complaint(complaint_escalated=True)
        reasons = {d.user_id: d.reason for d in self._deductions(ticket)}
        self.assertIn("已登记投诉", self._deductions(ticket)[0].reason)
        self.assertTrue(reasons[self.leader].startswith("Complaint"))
        self.assertIn("请在", ticket._complaint_activities().summary)
        self._breach_cron("2026-03-08 10:00:00")
        self.assertEqual(ticket.complaint_breach_date, date(2026, 3, 8))
        event = self.env["crm.followup.pool.event"].search([("partner_id", "=", self.customer.id)])
        self.assertIn("未在期限", event.note)  # as written, in the former salesperson's
        self.assertEqual(
            (event.reason_code, event.complaint_ticket_id, event.complaint_target_id),
            ("complaint_transfer", ticket, self.customer.user_id),
        )
        # one event, each reader in their own language: the former Chinese
        # salesperson, an English manager
        as_reader = lambda user: event.with_env(  # noqa: E731
            self.env(user=user, context=user.with_user(user).context_get())
        )
        self.assertIn("未在期限", as_reader(self.salesman).reason)
        self.manager.lang = "en_US"
        english = as_reader(self.manager).reason
        self.assertIn("was not resolved by its deadline", english)
        self.assertIn(self.customer.user_id.name, english)
        note = self.customer.message_ids.filtered(lambda m: "Complaint" in (m.body or ""))
        self.assertTrue(note, "the note on the customer is in its new salesperson's English")
