from datetime import date

from odoo.tests import freeze_time, new_test_user

from .common import ComplaintCase


class TestCustomerForm(ComplaintCase):
    def test_salesperson_sees_open_complaints_and_time_left(self):
        plain = new_test_user(self.env, "cp_plain", groups="sales_team.group_sale_salesman")
        customer = self._customer("Plain's Customer", plain)
        ticket = self._complaint(customer)
        self._complaint(customer, on=date(2026, 3, 5))
        mine = customer.with_user(plain)
        self.assertEqual(mine.complaint_open_count, 2)
        self.assertEqual(mine.complaint_next_deadline, date(2026, 3, 7))
        with freeze_time("2026-03-05 09:00:00"):
            self.assertEqual(ticket.with_user(plain).complaint_days_left, 2)
        action = mine.action_view_complaints()
        seen = self.env["helpdesk.ticket"].with_user(plain).search(action["domain"])
        self.assertEqual(len(seen), 2)
        activities = self.env["mail.activity"].with_user(plain).search([("user_id", "=", plain.id)])
        self.assertEqual(activities.mapped("date_deadline"), [date(2026, 3, 7), date(2026, 3, 8)])
        ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(mine.complaint_open_count, 1)

    def test_partner_full_read_works_for_every_sales_group(self):
        self._complaint()
        for user in (self.salesman, self.manager, self.b_one):
            with self.subTest(user=user.login):
                self.customer.with_user(user).read()
