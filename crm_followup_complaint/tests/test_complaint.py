from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time

from .common import ComplaintCase


class TestComplaintRecorded(ComplaintCase):
    def test_complaint_gets_deadline_salesperson_and_deduction(self):
        with freeze_time("2026-03-04 09:00:00"):
            form = Form(self.env["helpdesk.ticket"].with_user(self.agent))
            form.name = "Late delivery"
            form.description = "<p>Three weeks late.</p>"
            form.partner_id = self.customer
            form.is_complaint = True
            form.complaint_cause = "delivery"
            ticket = form.save()
        self.assertEqual(ticket.complaint_deadline, date(2026, 3, 7))
        self.assertEqual(ticket.complaint_state, "open")
        self.assertEqual(ticket.complaint_user_id, self.salesman)
        found = self._deductions(ticket)
        self.assertRecordValues(
            found,
            [{"user_id": self.salesman.id, "kind": "found", "amount": 100.0}],
        )
        self.assertEqual(found.company_id, self.company)
        self.assertIn(self.salesman.partner_id, ticket.message_partner_ids)
        activity = ticket._complaint_activities()
        self.assertRecordValues(
            activity, [{"user_id": self.salesman.id, "date_deadline": date(2026, 3, 7)}]
        )

    def test_deadline_in_working_days_with_chinas_calendar(self):
        """Friday 13 February 2026, three working days: Saturday 14 February
        is a make-up working day, the Spring Festival holiday (15-23 February)
        is skipped."""
        self.company.write({"followup_working_days": True, "followup_calendar_cn": True})
        ticket = self._complaint(on=date(2026, 2, 13))
        self.assertEqual(ticket.complaint_deadline, date(2026, 2, 25))

    def test_changed_setting_keeps_deadlines_already_set(self):
        ticket = self._complaint()
        self.company.complaint_resolve_days = 10
        self.assertEqual(ticket.complaint_deadline, date(2026, 3, 7))
        self.assertEqual(self._complaint().complaint_deadline, date(2026, 3, 14))

    def test_ticket_not_a_complaint_records_nothing(self):
        ticket = self._complaint(is_complaint=False, complaint_cause=False)
        self.assertFalse(ticket.complaint_deadline)
        self.assertFalse(ticket.complaint_state)
        self.assertFalse(self._deductions(ticket))

    def test_marked_later_counts_from_the_day_opened(self):
        ticket = self._complaint(on=date(2026, 3, 2), is_complaint=False)
        ticket.with_user(self.agent).write({"is_complaint": True})
        self.assertEqual(ticket.complaint_deadline, date(2026, 3, 5))
        self.assertEqual(len(self._deductions(ticket)), 1)

    def test_amount_zero_records_no_deduction(self):
        self.company.complaint_found_amount = 0
        ticket = self._complaint()
        self.assertEqual(ticket.complaint_state, "open")
        self.assertFalse(self._deductions(ticket))

    def test_customer_without_salesperson_answers_nobody(self):
        ticket = self._complaint(self._customer("Pool Customer", None))
        self.assertFalse(ticket.complaint_user_id)
        self.assertFalse(self._deductions(ticket))

    def test_contact_of_customer_answers_to_customer_salesperson(self):
        contact = self.env["res.partner"].create(
            {"name": "Wang Wei", "parent_id": self.customer.id}
        )
        ticket = self._complaint(contact)
        self.assertEqual(ticket.complaint_user_id, self.salesman)


class TestEscalation(ComplaintCase):
    def test_escalated_at_once_deducts_salesperson_and_leader(self):
        ticket = self._complaint(complaint_escalated=True)
        self.assertEqual(
            [(d.kind, d.user_id, d.amount) for d in self._deductions(ticket)],
            [
                ("found", self.salesman, 100.0),
                ("escalated", self.salesman, 100.0),
                ("escalated", self.leader, 100.0),
            ],
        )

    def test_escalated_later_counted_once(self):
        ticket = self._complaint()
        ticket.with_user(self.agent).complaint_escalated = True
        ticket.with_user(self.manager).complaint_escalated = False
        ticket.with_user(self.agent).complaint_escalated = True
        kinds = self._deductions(ticket).mapped("kind")
        self.assertEqual(kinds.count("escalated"), 2)  # salesperson and leader, once

    def test_leader_who_is_the_salesperson_is_deducted_once(self):
        customer = self._customer("Leader's Customer", self.leader)
        ticket = self._complaint(customer, complaint_escalated=True)
        escalated = self._deductions(ticket).filtered(lambda d: d.kind == "escalated")
        self.assertEqual(escalated.user_id, self.leader)


class TestComplaintGuarded(ComplaintCase):
    """A salesperson cannot forge or dodge what a complaint records, through
    the form or through RPC."""

    def _as_salesman(self, ticket):
        ticket.sudo().user_id = self.salesman  # their own ticket: they may edit it
        return ticket.with_user(self.salesman)

    def test_salesperson_cannot_move_deadline_or_state(self):
        ticket = self._complaint()
        mine = self._as_salesman(ticket)
        for vals in (
            {"complaint_deadline": "2026-04-30"},
            {"complaint_state": "resolved"},
            {"complaint_user_id": self.b_one.id},
            {"complaint_opened_date": "2026-03-20"},
            {"complaint_breach_date": "2026-03-01"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                mine.write(vals)
        self.assertRecordValues(
            ticket,
            [
                {
                    "complaint_deadline": date(2026, 3, 7),
                    "complaint_state": "open",
                    "complaint_user_id": self.salesman.id,
                    "complaint_breach_date": False,
                }
            ],
        )

    def test_salesperson_form_shows_the_deadline_read_only(self):
        ticket = self._complaint()
        form = Form(self._as_salesman(ticket))
        with self.assertRaises(AssertionError):
            form.complaint_deadline = date(2026, 4, 30)
        with self.assertRaises(AssertionError):
            form.complaint_state = "resolved"
        form.save()
        self.assertEqual(ticket.complaint_deadline, date(2026, 3, 7))
        self.assertEqual(ticket.complaint_state, "open")

    def test_managers_do_not_write_the_deadline_either(self):
        ticket = self._complaint()
        with self.assertRaises(UserError):
            ticket.with_user(self.manager).write({"complaint_deadline": "2026-04-30"})
        self.assertEqual(ticket.complaint_deadline, date(2026, 3, 7))

    def test_salesperson_cannot_unmark_or_move_the_complaint(self):
        ticket = self._complaint(complaint_escalated=True)
        mine = self._as_salesman(ticket)
        other = self._customer("Someone Else", self.b_one)
        for vals in (
            {"is_complaint": False},
            {"complaint_escalated": False},
            {"partner_id": other.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                mine.write(vals)
        self.assertRecordValues(
            ticket,
            [{"is_complaint": True, "complaint_escalated": True, "partner_id": self.customer.id}],
        )

    def test_cannot_create_a_complaint_with_a_forged_deadline(self):
        with self.assertRaises(UserError):
            self._complaint(user=self.agent, complaint_deadline="2026-12-31")
        with self.assertRaises(UserError):
            self._complaint(user=self.agent, complaint_state="resolved")
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Broken teapot")]))

    def test_salesperson_cannot_edit_delete_or_forge_a_deduction(self):
        ticket = self._complaint()
        deduction = self._deductions(ticket)
        own = deduction.with_user(self.salesman)
        self.assertEqual(own.amount, 100.0)  # they see their own
        with self.assertRaises(AccessError):
            own.write({"amount": 1})
        with self.assertRaises(AccessError):
            own.unlink()
        with self.assertRaises(AccessError):
            self.env["crm.complaint.deduction"].with_user(self.salesman).create(
                {"user_id": self.b_one.id, "kind": "found", "amount": 900}
            )
        self.assertRecordValues(
            self._deductions(), [{"amount": 100.0, "user_id": self.salesman.id}]
        )

    def test_salesperson_sees_only_own_deductions(self):
        self._complaint()
        self._complaint(self._customer("B Customer", self.b_one))
        seen = self.env["crm.complaint.deduction"].with_user(self.salesman).search([])
        self.assertEqual(seen.user_id, self.salesman)

    def test_manager_edits_and_deletes_deductions(self):
        deduction = self._deductions(self._complaint()).with_user(self.manager)
        deduction.write({"amount": 50, "reason": "Partly the carrier's fault"})
        self.assertEqual(deduction.amount, 50)
        deduction.unlink()
        self.assertFalse(deduction.exists())

    def test_recorded_complaint_is_archived_not_deleted(self):
        self.company.complaint_found_amount = 0  # no deduction to hold it either
        ticket = self._complaint()
        with self.assertRaisesRegex(UserError, "Archive them instead"):
            ticket.sudo().unlink()
        self.assertTrue(ticket.exists())
        plain = self._complaint(is_complaint=False)
        plain.sudo().unlink()
        self.assertFalse(plain.exists())

    def test_copy_is_no_complaint(self):
        ticket = self._complaint()
        copy = ticket.copy()
        self.assertFalse(copy.is_complaint)
        self.assertFalse(copy.complaint_deadline)
        self.assertEqual(len(self._deductions()), 1)


class TestResolution(ComplaintCase):
    def test_closed_on_the_deadline_day_is_resolved(self):
        ticket = self._complaint()
        with freeze_time("2026-03-07 18:00:00"):
            ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(ticket.complaint_state, "resolved")
        self.assertEqual(ticket.complaint_resolved_date, date(2026, 3, 7))
        self.assertFalse(ticket._complaint_activities())
        self._breach_cron("2026-03-10")
        self.assertEqual(ticket.complaint_state, "resolved")
        self.assertEqual(len(self._deductions(ticket)), 1)

    def test_resolved_complaint_reopened_stays_resolved(self):
        ticket = self._complaint()
        ticket.with_user(self.agent).stage_id = self.stage_done
        ticket.with_user(self.agent).stage_id = self.stage_new
        self._breach_cron("2026-03-20")
        self.assertEqual(ticket.complaint_state, "resolved")

    def test_closed_after_the_deadline_is_a_breach(self):
        ticket = self._complaint()
        with freeze_time("2026-03-08 09:00:00"):
            ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(ticket.complaint_state, "breached")
        self._breach_cron("2026-03-08 10:00:00")
        self.assertEqual(ticket.complaint_breach_date, date(2026, 3, 8))
        self.assertIn("breach", self._deductions(ticket).mapped("kind"))
