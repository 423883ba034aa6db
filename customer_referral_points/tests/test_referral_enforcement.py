"""Issue 9: every referral rule holds whatever a client sends through RPC.

Each test acts as the weakest user who could try the move, through the plain
create / write / action calls the web client makes, and checks the refusal
and that nothing changed.
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user

from .common import ReferralCase


class EnforcementCase(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.all_docs = new_test_user(
            cls.env, "ref_enf_all_docs", groups="sales_team.group_sale_salesman_all_leads"
        )
        cls.referrer.user_id = cls.salesman
        cls.customer.user_id = cls.salesman

    def history(self, card):
        self.env.invalidate_all()
        return self.env["loyalty.history"].search([("card_id", "=", card.id)])


@freeze_time("2026-03-01 09:00:00")
class TestLedgerCannotBeForged(EnforcementCase):
    def setUp(self):
        super().setUp()
        self.refer(self.customer)
        self.make_order(self.customer, 1000)
        self.referral_card = self.card(self.referrer)
        self.assertEqual(self.referral_card.points, 100)
        self.lines_before = self.history(self.referral_card)

    def assertLedgerUntouched(self):
        self.assertEqual(self.history(self.referral_card), self.lines_before)
        self.assertEqual(self.lines_before.mapped("issued"), [100])
        self.assertEqual(self.referral_card.points, 100)
        self.assertBalanced(self.referrer)

    def run_reconcile(self):
        self.env.ref("customer_referral_points.ir_cron_referral_reconcile").method_direct_trigger()

    def test_salesperson_forging_a_line_on_a_referral_card(self):
        """The attack of the issue: a plain line, then the referral fields and a
        large negative issue written onto it, for the sync to "correct"."""
        History = self.env["loyalty.history"].with_user(self.salesman)
        with self.assertRefused(UserError, "never by hand"):
            History.create({"card_id": self.referral_card.id, "description": "note", "issued": 0.0})
        with self.assertRefused(UserError, "issued by the referral rules only"):
            History.create(
                {
                    "card_id": self.referral_card.id,
                    "description": "note",
                    "referral_rule": "sales",
                    "referred_partner_id": self.customer.id,
                    "issued": -50000.0,
                }
            )
        self.run_reconcile()
        self.assertLedgerUntouched()

    def test_forging_through_another_card_and_moving_the_line(self):
        """A plain line on an ordinary loyalty card is the user's business,
        but it can neither become a referral line nor move to a referral card."""
        other_program = self.env["loyalty.program"].create(
            {"name": "Ordinary loyalty", "program_type": "loyalty"}
        )
        other_card = self.env["loyalty.card"].create(
            {"program_id": other_program.id, "partner_id": self.referrer.id}
        )
        line = (
            self.env["loyalty.history"]
            .with_user(self.salesman)
            .create({"card_id": other_card.id, "description": "note", "issued": 0.0})
        )
        for user in (self.salesman, self.manager):
            for vals in (
                {
                    "referral_rule": "sales",
                    "referred_partner_id": self.customer.id,
                    "issued": -50000.0,
                },
                {"referral_rule": "sales"},
                {"referred_partner_id": self.customer.id},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRefused(UserError, "issued by the referral rules only"),
                ):
                    line.with_user(user).write(vals)
            with self.assertRefused(UserError, "cannot be changed"):
                line.with_user(user).write({"card_id": self.referral_card.id})
        line.invalidate_recordset()
        self.assertEqual(
            (line.card_id, line.referral_rule, line.referred_partner_id, line.issued),
            (other_card, False, self.env["res.partner"], 0.0),
        )
        self.run_reconcile()
        self.assertLedgerUntouched()

    def test_no_user_rewrites_or_deletes_a_referral_cards_line(self):
        line = self.lines_before
        for user in (self.salesman, self.all_docs, self.manager):
            for vals in (
                {"issued": 0.0},
                {"used": 100.0},
                {"referred_partner_id": self.customer2.id},
                {"referral_rule": "attendance"},
                {"card_id": self.card(self.referrer).id},
                {"description": "edited"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    line.with_user(user).write(vals)
            with self.assertRaises(UserError):
                line.with_user(user).unlink()
        self.assertEqual(line.description, self.lines_before.description)
        self.assertLedgerUntouched()

    def test_hand_edit_of_a_referral_cards_points_is_refused(self):
        card = self.referral_card
        for user in (self.salesman, self.manager):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "follow its ledger"),
            ):
                card.with_user(user).write({"points": 50000})
        # loyalty's "Update balance" wizard writes a line, then the points
        with self.assertRefused(UserError, "never by hand"):
            self.env["loyalty.card.update.balance"].with_user(self.manager).create(
                {
                    "card_id": card.id,
                    "old_balance": 100,
                    "new_balance": 5000,
                    "description": "gift",
                }
            ).action_update_card_point()
        self.assertLedgerUntouched()

    def test_a_referral_card_stays_with_its_referrer_and_program(self):
        card = self.referral_card
        other_program = self.env["loyalty.program"].create(
            {"name": "Ordinary loyalty", "program_type": "loyalty"}
        )
        with self.assertRefused(UserError, "stays with its referrer"):
            card.with_user(self.salesman).partner_id = self.other_referrer
        with self.assertRefused(UserError, "referral program"):
            card.with_user(self.manager).program_id = other_program
        ordinary = self.env["loyalty.card"].create(
            {"program_id": other_program.id, "partner_id": self.other_referrer.id, "points": 900}
        )
        with self.assertRefused(UserError, "referral program"):
            ordinary.with_user(self.manager).program_id = self.program
        with self.assertRefused(UserError, "follow its ledger"):
            self.env["loyalty.card"].with_user(self.manager).create(
                {
                    "program_id": self.program.id,
                    "partner_id": self.other_referrer.id,
                    "points": 900,
                }
            )
        self.env.invalidate_all()
        self.assertEqual((card.partner_id, card.program_id), (self.referrer, self.program))
        self.assertEqual(ordinary.program_id, other_program)
        self.assertFalse(self.card(self.other_referrer))
        self.assertLedgerUntouched()

    def test_the_spending_line_of_an_order_is_kept_as_written(self):
        """The line sale_loyalty writes when an order spends referral points
        is on the referral card too: nobody rewrites or deletes it, and the
        card holding it is not deleted; cancelling the order undoes it."""
        order = self.make_order(self.referrer, 500, confirm=False).with_user(self.salesman)
        order._apply_program_reward(self.program.reward_ids, self.referral_card)
        order.action_confirm()
        spent = self.history(self.referral_card).filtered("used")
        self.assertEqual((spent.used, spent.order_id), (100, order.id))
        for user in (self.salesman, self.manager):
            with self.assertRefused(UserError, "cannot be changed"):
                spent.with_user(user).write({"used": 0.0})
            with self.assertRaises(UserError):
                spent.with_user(user).unlink()
        # no sales group may delete history lines; code running as superuser
        # (another module's cleanup) meets the ledger's own refusal
        with self.assertRefused(UserError, "cannot be deleted"):
            spent.sudo().unlink()
        with self.assertRefused(UserError, "cannot be deleted"):
            self.referral_card.sudo().unlink()
        self.env.invalidate_all()
        self.assertEqual((spent.used, self.referral_card.points), (100, 0))
        order._action_cancel()
        self.assertFalse(spent.exists())
        self.assertLedgerUntouched()

    def test_cron_restores_a_balance_changed_behind_the_orm_without_a_line(self):
        """Before issue 9 the cron wrote a "correction" line that made a
        tampered balance look earned; now the ledger wins and a note says so."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE loyalty_card SET points = 50100 WHERE id = %s", [self.referral_card.id]
        )
        self.env.invalidate_all()
        self.run_reconcile()
        self.assertLedgerUntouched()
        note = self.referral_card.message_ids.filtered(lambda m: "restored" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("50100", note.body)

    def test_a_negative_reward_cost_never_credits_the_card(self):
        """A reward line whose points cost was written negative would credit the
        card at confirmation: either the confirmation prices the reward again
        or the line is refused; the card never gains points."""
        order = self.make_order(self.referrer, 500, confirm=False).with_user(self.salesman)
        order._apply_program_reward(self.program.reward_ids, self.referral_card)
        reward_line = order.order_line.filtered("reward_id")
        self.assertEqual(reward_line.points_cost, 100)
        reward_line.points_cost = -50000
        try:
            with self.env.cr.savepoint():
                order.action_confirm()
        except UserError:
            self.assertEqual(order.state, "draft")
        self.env.invalidate_all()
        self.assertLessEqual(self.referral_card.points, 100)
        self.assertFalse(self.history(self.referral_card).filtered(lambda h: h.used < 0))
        self.assertBalanced(self.referrer)

    def test_points_an_order_claims_to_earn_never_reach_the_card(self):
        """sale_loyalty books at confirmation the points an order's coupon
        entries say it earns. A salesperson may not write such entries; a
        sales manager's entries on the referral card earn nothing: the
        referral program has no purchase rules."""
        entry = {
            "coupon_point_ids": [
                Command.create({"coupon_id": self.referral_card.id, "points": 50000})
            ]
        }
        order = self.make_order(self.referrer, 500, confirm=False)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).write(entry)
        order = order.with_user(self.manager)
        order.write(entry)
        try:
            with self.env.cr.savepoint():
                order.action_confirm()
        except UserError:
            self.assertEqual(order.state, "draft")
        self.run_reconcile()
        self.assertLedgerUntouched()


@freeze_time("2026-03-01 09:00:00")
class TestSalesNetOfRefunds(EnforcementCase):
    def invoice(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def refund(self, invoice, price=None):
        """A credit note reversed from the invoice, as the Credit Note button does."""
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "returned", "journal_id": invoice.journal_id.id})
        )
        credit_note = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        if price is not None:
            credit_note.invoice_line_ids.price_unit = price
        return credit_note

    def test_posted_credit_note_reduces_the_counted_sales(self):
        self.refer(self.customer)
        order = self.make_order(self.customer, 2000)
        self.assertEqual(self.referrer.referral_points, 200)
        credit_note = self.refund(self.invoice(order))
        self.assertEqual(self.referrer.referral_points, 200, "a draft credit note counts nothing")
        credit_note.action_post()
        self.assertEqual(self.referrer.referral_points, 0)
        reversal = self.ledger(self.customer, "sales").filtered(lambda line: line.issued < 0)
        self.assertEqual(reversal.issued, -200)
        self.assertEqual(
            (reversal.order_model, reversal.order_id), ("account.move", credit_note.id)
        )
        self.assertIn("(reversal)", reversal.description)
        credit_note.button_draft()
        self.assertEqual(self.referrer.referral_points, 200, "reset to draft: counted again")
        self.assertEqual(len(self.ledger(self.customer, "sales")), 3, "nothing edited or deleted")
        self.assertBalanced(self.referrer)

    def test_partial_credit_note_counts_what_is_left(self):
        self.refer(self.customer)
        order = self.make_order(self.customer, 2500)
        self.assertEqual(self.referrer.referral_points, 200)
        self.refund(self.invoice(order), price=600).action_post()
        self.assertEqual(self.referrer.referral_points, 100, "2,500 - 600 = 1,900")
        self.env.ref("customer_referral_points.ir_cron_referral_reconcile").method_direct_trigger()
        self.assertEqual(self.referrer.referral_points, 100, "the nightly job agrees")
        self.assertBalanced(self.referrer)

    def test_edits_of_confirmed_order_lines_resync_the_referrer(self):
        self.refer(self.customer)
        order = self.make_order(self.customer, 1000)
        line = order.order_line.with_user(self.salesman)
        self.assertEqual(self.referrer.referral_points, 100)
        line.price_unit = 2500
        self.assertEqual(self.referrer.referral_points, 200)
        line.product_uom_qty = 0.2
        self.assertEqual(self.referrer.referral_points, 0, "0.2 x 2,500 = 500")
        line.discount = 10
        self.env["sale.order.line"].with_user(self.salesman).create(
            {"order_id": order.id, "product_id": self.product.id, "price_unit": 2000}
        )
        self.assertEqual(self.referrer.referral_points, 200, "450 + 2,000")
        self.assertEqual(len(self.ledger(self.customer, "sales")), 4)
        self.assertBalanced(self.referrer)


@freeze_time("2026-03-01 09:00:00")
class TestWhoIsNew(EnforcementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.partner"].create({"name": "Zhao Trading", "is_company": True})
        cls.contact1, cls.contact2 = cls.env["res.partner"].create(
            [
                {"name": "Zhao Buyer", "parent_id": cls.company.id},
                {"name": "Zhao Engineer", "parent_id": cls.company.id},
            ]
        )

    def assertNotReferred(self, *partners):
        self.env.invalidate_all()
        for partner in partners:
            self.assertFalse(partner.referred_by_id, partner.name)
            self.assertFalse(partner.referral_date, partner.name)
            self.assertFalse(self.ledger(partner), partner.name)

    def test_nobody_refers_their_own_company_or_its_contacts(self):
        for customer, referrer in (
            (self.company, self.contact1),
            (self.contact2, self.contact1),
            (self.contact1, self.company),
        ):
            with (
                self.subTest(customer=customer.name, referrer=referrer.name),
                self.assertRefused(ValidationError, "their own company"),
            ):
                self.refer(customer, referrer)
        self.assertNotReferred(self.company, self.contact1, self.contact2)
        self.assertFalse(self.card(self.contact1 | self.company))

    def test_cycle_through_contacts_of_one_company(self):
        """Zhao Trading (through its buyer) brought Qian; Qian's contact may not
        then be credited with bringing Zhao Trading's engineer."""
        self.refer(self.customer2, self.contact1)
        qian_contact = self.env["res.partner"].create(
            {"name": "Qian Clerk", "parent_id": self.customer2.id}
        )
        with self.assertRefused(ValidationError, "referral cycle"):
            self.refer(self.contact2, qian_contact)
        self.assertNotReferred(self.contact2)

    def test_a_moved_contact_cannot_end_up_referring_its_company(self):
        outsider = self.env["res.partner"].create({"name": "Independent Buyer"})
        self.refer(self.company, outsider)
        with self.assertRefused(ValidationError, "their own company"):
            outsider.with_user(self.salesman).parent_id = self.company
            self.env.flush_all()
        self.assertFalse(outsider.parent_id)

    def test_new_contact_of_a_customer_with_earlier_sales_is_not_new(self):
        with freeze_time("2026-02-01 09:00:00"):
            self.make_order(self.contact1, 50)
        newcomer = self.env["res.partner"].create(
            {"name": "Zhao New Hire", "parent_id": self.company.id}
        )
        for partner in (newcomer, self.company):
            with (
                self.subTest(partner=partner.name),
                self.assertRefused(ValidationError, "only new customers"),
            ):
                self.refer(partner)
        self.assertNotReferred(newcomer, self.company)

    def test_a_referred_customer_cannot_be_moved_into_an_old_customer(self):
        """Moving a referred newcomer under a company that bought before the
        referral would pay for that company's sales: refused, nothing moves."""
        with freeze_time("2026-02-01 09:00:00"):
            self.make_order(self.contact1, 50)
        self.refer(self.customer2)
        with self.assertRefused(ValidationError, "only new customers"):
            self.customer2.with_user(self.salesman).parent_id = self.company
            self.env.flush_all()
        self.env.invalidate_all()
        self.assertFalse(self.customer2.parent_id)
        self.assertEqual(self.customer2.referred_by_id, self.referrer)
        self.assertFalse(self.ledger(self.customer2).filtered("issued"))

    def test_contact_of_a_customer_who_attended_an_event_is_not_new(self):
        past = self.event.copy(
            {"date_begin": "2026-01-05 10:00:00", "date_end": "2026-01-05 18:00:00"}
        )
        self.attend(self.contact2, past)
        with self.assertRefused(ValidationError, "only new customers"):
            self.refer(self.contact1)
        self.assertNotReferred(self.contact1)

    def test_salesperson_cannot_backdate_a_referral(self):
        """The attack of the issue: the referrer and a date before the
        customer's first order, in one write, to be paid for past sales."""
        with freeze_time("2026-02-10 09:00:00"):
            self.make_order(self.customer, 3000)
        with self.assertRefused(AccessError, "Only a sales manager"):
            self.customer.with_user(self.salesman).write(
                {"referred_by_id": self.referrer.id, "referral_date": "2026-02-01"}
            )
        with self.assertRefused(AccessError, "Only a sales manager"):
            self.env["res.partner"].with_user(self.salesman).create(
                {
                    "name": "Backdated Newcomer",
                    "referred_by_id": self.referrer.id,
                    "referral_date": "2026-02-01",
                }
            )
        self.assertNotReferred(self.customer)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Backdated Newcomer")]))
        self.assertFalse(self.card(self.referrer))

    def test_salesperson_cannot_move_an_existing_referral_date(self):
        self.refer(self.customer2)
        for date in ("2026-02-01", "2026-03-05"):
            with self.subTest(date=date), self.assertRefused(AccessError, "Only a sales manager"):
                self.customer2.with_user(self.salesman).referral_date = date
        self.assertEqual(str(self.customer2.referral_date), "2026-03-01")
        # what the form sends when the referrer is entered: today's date
        with Form(self.customer.with_user(self.salesman)) as form:
            form.referred_by_id = self.referrer
        self.assertEqual(str(self.customer.referral_date), "2026-03-01")

    def test_managers_backdating_is_tracked(self):
        with freeze_time("2026-02-10 09:00:00"):
            self.make_order(self.customer, 3000)
        customer = self.customer.with_context(tracking_disable=False).with_user(self.manager)
        self.env.cr.precommit.run()
        customer.write({"referred_by_id": self.referrer.id, "referral_date": "2026-02-01"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(self.referrer.referral_points, 300)
        tracked = customer.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "referral_date"
        )
        self.assertEqual(str(tracked.new_value_datetime.date()), "2026-02-01")


@freeze_time("2026-03-01 09:00:00")
class TestManagersOnly(EnforcementCase):
    def test_only_managers_recompute_the_ledger(self):
        cron = self.env.ref("customer_referral_points.ir_cron_referral_reconcile")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        for user in (self.salesman, self.all_docs):
            with self.subTest(user=user.login), self.assertRefused(AccessError, "sales managers"):
                self.program.with_user(user).action_referral_reconcile()
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers
        )


@freeze_time("2026-03-01 09:00:00")
class TestFullFieldRead(EnforcementCase):
    """read() without a field list, as exports, search_read and integrations do."""

    def test_every_sales_group_reads_all_fields(self):
        self.refer(self.customer)
        order = self.make_order(self.customer, 1000)
        registration = self.attend(self.customer)
        card = self.card(self.referrer)
        desk = "event.group_event_registration_desk"
        users = [
            new_test_user(
                self.env, f"ref_read_{name}", groups=f"{group},{desk}", name=f"Reader {name}"
            )
            for name, group in (
                ("own", "sales_team.group_sale_salesman"),
                ("all", "sales_team.group_sale_salesman_all_leads"),
                ("manager", "sales_team.group_sale_manager"),
            )
        ]
        own = users[0]
        (self.referrer | self.customer).user_id = own
        order.user_id = own
        for user in users:
            for record in (self.referrer, self.customer, order, card, registration):
                with self.subTest(user=user.login, model=record._name):
                    self.env.invalidate_all()
                    values = record.with_user(user).read()
                    self.assertEqual(values[0]["id"], record.id)
        referrer = self.referrer.with_user(own).read()[0]
        self.assertEqual(referrer["referral_points"], 200, "1,000 of sales and one event")

    def test_fields_reading_restricted_models_carry_groups(self):
        """Each field this addon adds whose model a plain internal user cannot
        read is restricted by groups=, so that reading every field of a
        partner, an order, a card or a registration never fails on it."""
        internal = new_test_user(self.env, "ref_internal", groups="base.group_user")
        field_ids = (
            self.env["ir.model.data"]
            .search(
                [("module", "=", "customer_referral_points"), ("model", "=", "ir.model.fields")]
            )
            .mapped("res_id")
        )
        checked = []
        for ir_field in self.env["ir.model.fields"].browse(field_ids):
            field = self.env[ir_field.model]._fields[ir_field.name]
            if not field.relational:
                continue
            if not self.env[field.comodel_name].with_user(internal).has_access("read"):
                checked.append(field.name)
                self.assertTrue(field.groups, f"{ir_field.model}.{field.name} needs groups=")
        self.assertIn("referral_card_ids", checked)
        self.assertIn("referral_history_ids", checked)


@freeze_time("2026-03-01 09:00:00")
class TestOneSentence(EnforcementCase):
    def test_reversal_line_is_one_sentence_in_the_referrers_language(self):
        """The ledger is the referrer's: a zh_CN referrer reads Chinese lines
        whoever confirmed or cancelled the order, in whatever language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_referral_points"], ["zh_CN"])
        self.referrer.lang = "zh_CN"
        self.refer(self.customer)
        order = self.make_order(self.customer, 1000)
        order.with_user(self.salesman).with_context(lang="en_US")._action_cancel()
        lines = self.ledger(self.customer, "sales")
        self.assertEqual(
            sorted(lines.mapped("description")),
            sorted(
                [
                    f"被推荐客户 {self.customer.name}：已确认销售",
                    f"被推荐客户 {self.customer.name}：已确认销售（冲销）",
                ]
            ),
        )
        for description in lines.mapped("description"):
            self.assertNotIn("Referred", description, "no English for a Chinese referrer")

    def test_an_english_referrer_reads_english_whoever_writes(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_referral_points"], ["zh_CN"])
        self.assertEqual(self.referrer.lang, "en_US")
        self.refer(self.customer)
        order = self.make_order(self.customer, 1000)
        order.with_user(self.salesman).with_context(lang="zh_CN")._action_cancel()
        reversal = self.ledger(self.customer, "sales").filtered(lambda line: line.issued < 0)
        self.assertEqual(
            reversal.description,
            f"Referred customer {self.customer.name}: confirmed sales (reversal)",
        )

    def test_pieces_of_sentences_are_gone(self):
        # "reversal" alone was glued to a sentence before issue 9
        self.refer(self.customer)
        order = self.make_order(self.customer, 1000)
        order.with_user(self.salesman)._action_cancel()
        descriptions = self.ledger(self.customer, "sales").mapped("description")
        self.assertIn(
            f"Referred customer {self.customer.name}: confirmed sales (reversal)", descriptions
        )
