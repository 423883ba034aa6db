from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date


@tagged("post_install", "-at_install")
class TestComplaintPortal(HttpCase):
    """A customer files a complaint from helpdesk_mgmt's portal and sees it
    resolved; nobody else closes it from there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.complaint_resolve_days = 3
        cls.salesman = new_test_user(
            cls.env,
            "cpp.salesman",
            password="cpp.salesman",
            groups="sales_team.group_sale_salesman",
            name="Sam Portal Sales",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Portal Tea Co",
                "is_company": True,
                "user_id": cls.salesman.id,
                "followup_grade_id": cls.env.ref("crm_followup_grading.grade_b").id,
            }
        )
        cls.portal = new_test_user(
            cls.env, "cpp.portal", password="cpp.portal", groups="base.group_portal"
        )
        cls.portal.partner_id.parent_id = cls.customer
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def _post(self, url, data):
        return self.url_open(url, data={**data, "csrf_token": http.Request.csrf_token(self)})

    def _tickets(self):
        return self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.portal.partner_id.id)], order="id"
        )

    def test_customer_files_a_complaint_on_their_salesperson(self):
        self.authenticate("cpp.portal", "cpp.portal")
        self.assertIn('name="is_complaint"', self.url_open("/new/ticket").text)
        response = self._post(
            "/submitted/ticket",
            {
                "subject": "Wrong tea",
                "description": "Green instead of black",
                "is_complaint": "1",
                "complaint_cause": "delivery",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self._tickets()
        self.assertRecordValues(
            ticket,
            [
                {
                    "is_complaint": True,
                    "complaint_cause": "delivery",
                    "complaint_state": "open",
                    "complaint_user_id": self.salesman.id,
                }
            ],
        )
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("To be resolved by", page)
        self.assertEqual(
            self.env["crm.complaint.deduction"].search([("ticket_id", "=", ticket.id)]).user_id,
            self.salesman,
        )
        self._post("/ticket/close", {"ticket_id": ticket.id, "stage_id": self.stage_done.id})
        self.assertEqual(ticket.complaint_state, "resolved")
        self.assertIn("Resolved", self.url_open(f"/my/ticket/{ticket.id}").text)

    def test_bad_cause_gets_a_message_and_saves_nothing(self):
        self.authenticate("cpp.portal", "cpp.portal")
        for cause in ("", "bribery", "1e999"):
            with self.subTest(cause=cause):
                response = self._post(
                    "/submitted/ticket",
                    {
                        "subject": "Bad",
                        "description": "Bad",
                        "is_complaint": "1",
                        "complaint_cause": cause,
                    },
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("Choose what the complaint is about", response.text)
        self.assertFalse(self._tickets())

    def test_salesperson_cannot_close_the_complaint_from_the_portal(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.portal)
            .sudo()
            .create(
                {
                    "name": "Late",
                    "description": "Late",
                    "partner_id": self.portal.partner_id.id,
                    "is_complaint": True,
                    "complaint_cause": "delivery",
                    "message_partner_ids": [Command.link(self.salesman.partner_id.id)],
                }
            )
        )
        self.authenticate("cpp.salesman", "cpp.salesman")
        self._post("/ticket/close", {"ticket_id": ticket.id, "stage_id": self.stage_done.id})
        self.assertEqual(ticket.complaint_state, "open")
        self.assertFalse(ticket.stage_id.closed)
        self._post("/ticket/close", {"ticket_id": "not-a-number", "stage_id": "1"})

    def test_customer_sees_the_days_left_on_their_own_complaints_only(self):
        other_customer = self.env["res.partner"].create(
            {"name": "Other Tea Co", "is_company": True, "user_id": self.salesman.id}
        )
        other = new_test_user(
            self.env, "cpp.other", password="cpp.other", groups="base.group_portal"
        )
        other.partner_id.parent_id = other_customer
        Ticket = self.env["helpdesk.ticket"].sudo()
        values = {"description": "Late", "is_complaint": True, "complaint_cause": "delivery"}
        mine = Ticket.create(
            {**values, "name": "My cracked cup", "partner_id": self.portal.partner_id.id}
        )
        theirs = Ticket.create(
            {**values, "name": "Their lost parcel", "partner_id": other.partner_id.id}
        )
        deadline = format_date(self.env, mine.complaint_deadline)
        self.assertGreater(mine.complaint_days_left, 0)
        days_left = f'class="complaint_days_left">{mine.complaint_days_left}<'
        self.authenticate("cpp.portal", "cpp.portal")
        page = self.url_open("/my/tickets").text
        self.assertIn("Complaint Deadline", page)
        self.assertIn("My cracked cup", page)
        self.assertIn(deadline, page)
        self.assertIn(days_left, page)
        self.assertNotIn("Their lost parcel", page)
        page = self.url_open(f"/my/ticket/{mine.id}").text
        self.assertIn(deadline, page)
        self.assertIn(days_left, page)
        response = self.url_open(f"/my/ticket/{theirs.id}")
        self.assertNotIn("Their lost parcel", response.text)
        # resolved, the list says so instead of counting days
        mine.stage_id = self.stage_done
        page = self.url_open("/my/tickets").text
        self.assertNotIn('class="complaint_days_left"', page)
        self.assertIn("Resolved", page)
