"""Property-based test: random sequences of what users do to referred
customers' documents never break the ledger's invariant: for every referred
customer and rule, the points on the ledger equal what the rules give for the
current state of that customer's documents."""

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import freeze_time

from .common import ReferralCase

CUSTOMERS = 3
REFERRERS = 3
RATE = 2.0  # units of the foreign currency per unit of company currency
REFERRED_ON = "2026-03-01 09:00:00"
IN_WINDOW = "2026-06-01 09:00:00"
AFTER_WINDOW = "2027-04-01 09:00:00"

customer_index = st.integers(0, CUSTOMERS - 1)
pick = st.integers(0, 20)
operations = st.one_of(
    st.tuples(
        st.just("order"),
        customer_index,
        st.integers(1, 15).map(lambda hundreds: hundreds * 100),
        st.booleans(),  # in the foreign currency
        st.booleans(),  # after the validity window
    ),
    st.tuples(st.just("cancel"), pick),
    st.tuples(st.just("reconfirm"), pick),
    st.tuples(st.just("attend"), customer_index, st.integers(0, 2)),
    st.tuples(st.just("unattend"), pick),
    st.tuples(st.just("referrer"), customer_index, st.integers(-1, REFERRERS - 1)),
)


class TestReferralProperties(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.foreign = cls.env.ref("base.EUR")
        if cls.foreign == cls.env.company.currency_id:
            cls.foreign = cls.env.ref("base.USD")
        cls.foreign.active = True
        cls.foreign.rate_ids.unlink()
        cls.env.company.currency_id.rate_ids.unlink()
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.foreign.id, "name": "2026-01-01", "company_rate": RATE}
        )
        cls.referrers = cls.env["res.partner"].create(
            [{"name": f"Property Referrer {i}"} for i in range(REFERRERS)]
        )
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Property Customer {i}"} for i in range(CUSTOMERS)]
        )
        late_event = cls.event.copy(
            {"date_begin": datetime(2027, 6, 1, 10, 0), "date_end": datetime(2027, 6, 1, 18, 0)}
        )
        cls.events = cls.event | cls.event2 | late_event
        cls.event_in_window = {cls.event: True, cls.event2: True, late_event: False}

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.lists(operations, min_size=1, max_size=8))
    def test_ledger_matches_documents_after_every_operation(self, ops):
        savepoint = self.env.cr.savepoint()
        try:
            self._play(ops)
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def _play(self, ops):
        with freeze_time(REFERRED_ON):
            for customer, referrer in zip(self.customers, self.referrers, strict=True):
                self.refer(customer, referrer)
        # what the test knows of the documents, to compute the expected points itself
        self.orders = {}  # order -> (customer, amount in company currency, in window)
        self.attendances = {}  # registration -> (customer, in window)
        for op in ops:
            with freeze_time(IN_WINDOW):
                getattr(self, f"_op_{op[0]}")(*op[1:])
                self.env.flush_all()
            self._check_invariant(ops)

    def _op_order(self, index, amount, foreign, late):
        customer = self.customers[index]
        currency = self.foreign if foreign else None
        with freeze_time(AFTER_WINDOW if late else IN_WINDOW):
            order = self.make_order(customer, amount, currency=currency)
        self.orders[order] = (customer, amount / RATE if foreign else amount, not late)

    def _op_cancel(self, k):
        confirmed = [o for o in self.orders if o.state == "sale"]
        if confirmed:
            confirmed[k % len(confirmed)].with_user(self.salesman)._action_cancel()

    def _op_reconfirm(self, k):
        cancelled = [o for o in self.orders if o.state == "cancel"]
        if cancelled:
            order = cancelled[k % len(cancelled)].with_user(self.salesman)
            order.action_draft()
            order.action_confirm()
            # confirming dates the order today, inside the window
            customer, amount, _in_window = self.orders[order]
            self.orders[order] = (customer, amount, True)

    def _op_attend(self, index, event_index):
        event = self.events[event_index]
        registration = self.attend(self.customers[index], event)
        self.attendances[registration] = (self.customers[index], self.event_in_window[event])

    def _op_unattend(self, k):
        attended = [r for r in self.attendances if r.state == "done"]
        if attended:
            attended[k % len(attended)].with_user(self.event_user).action_confirm()

    def _op_referrer(self, index, referrer_index):
        referrer = self.referrers[referrer_index] if referrer_index >= 0 else False
        self.customers[index].with_user(self.manager).referred_by_id = referrer

    def _expected(self, customer):
        sales = sum(
            amount
            for order, (buyer, amount, in_window) in self.orders.items()
            if buyer == customer and in_window and order.state == "sale"
        )
        attended = any(
            attendee == customer and in_window and registration.state == "done"
            for registration, (attendee, in_window) in self.attendances.items()
        )
        return {"sales": int(sales // 1000) * 100, "attendance": 100 if attended else 0}

    def _check_invariant(self, ops):
        self.env.invalidate_all()
        cards = self.card(self.referrers)
        for customer in self.customers:
            expected = self._expected(customer) if customer.referred_by_id else {}
            for card in cards:
                for rule in ("sales", "attendance"):
                    lines = card.history_ids.filtered(
                        lambda line, rule=rule, customer=customer: (
                            line.referred_partner_id == customer and line.referral_rule == rule
                        )
                    )
                    want = (
                        expected.get(rule, 0) if card.partner_id == customer.referred_by_id else 0
                    )
                    self.assertEqual(
                        sum(lines.mapped("issued")),
                        want,
                        f"{customer.name}, {rule}, card of {card.partner_id.name} after {ops}",
                    )
        self.assertBalanced(*self.referrers)
