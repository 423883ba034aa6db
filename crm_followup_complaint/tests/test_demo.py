from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    def _demo(self, name):
        record = self.env.ref(f"crm_followup_complaint.{name}", raise_if_not_found=False)
        if not record:
            self.skipTest("installed without demo data")
        return record

    def test_one_resolved_in_time_one_breached_and_transferred(self):
        resolved = self._demo("helpdesk_ticket_complaint_resolved")
        breached = self._demo("helpdesk_ticket_complaint_breached")
        self.assertEqual(resolved.complaint_state, "resolved")
        self.assertEqual(breached.complaint_state, "breached")
        li = self.env.ref("crm_followup_grading.user_followup_li")
        self.assertEqual(breached.complaint_user_id, li)
        self.assertNotEqual(breached.partner_id.user_id, li)
        event = self.env["crm.followup.pool.event"].search(
            [("partner_id", "=", breached.partner_id.id), ("event", "=", "complaint_transfer")]
        )
        self.assertEqual(event.user_id, li)
        kinds = (
            self.env["crm.complaint.deduction"]
            .search([("ticket_id", "=", breached.id)])
            .mapped("kind")
        )
        self.assertEqual(sorted(set(kinds)), ["breach", "escalated", "found"])
