import re
from datetime import timedelta

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalPagesAsDealer(HttpCase):
    """What a dealer reads in the portal, in Chinese, requested as a browser does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["dealer_channel_control"], ["zh_CN"])
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.rep = new_test_user(
            cls.env, "pages.rep", groups="dealer_channel_control.group_dealer_user", name="Rep"
        )
        channel = cls.env.ref("dealer_channel_control.channel_supermarket")
        cls.dealer, cls.rival = cls.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_channel_id": channel.id,
                    "user_id": cls.rep.id,
                }
                for name in ("Tea House", "Rival House")
            ]
        )
        cls.jasmine = cls.env["product.product"].create(
            {"name": "Jasmine Tea", "default_code": "JT-01", "dealer_floor_price": 80}
        )
        cls.jasmine.with_context(lang="zh_CN").name = "茉莉花茶"
        cls.portal = new_test_user(
            cls.env, "pages.portal", password="pages.portal", groups="base.group_portal"
        )
        cls.portal.partner_id.write({"parent_id": cls.dealer.id, "lang": "zh_CN"})
        cls.rival_portal = new_test_user(
            cls.env, "pages.rival", password="pages.rival", groups="base.group_portal"
        )
        cls.rival_portal.partner_id.parent_id = cls.rival
        cls.report = cls._report(cls.dealer, cls.today - timedelta(days=3), on_hand=10, sold=70)

    @classmethod
    def _report(cls, dealer, date, on_hand, sold, product=None):
        return cls.env["dealer.stock.report"].create(
            {
                "dealer_id": dealer.id,
                "date": date,
                "state": "done",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": (product or cls.jasmine).id,
                            "qty_on_hand": on_hand,
                            "qty_sold": sold,
                        }
                    )
                ],
            }
        )

    def _post(self, url, data=None):
        return self.url_open(
            url, data={**(data or {}), "csrf_token": http.Request.csrf_token(self)}
        )

    def _register(self, product):
        return self._post(
            "/my/dealer/projects/new",
            {
                "name": "Garden Hotel",
                "end_customer": "Garden Co",
                "product_0": product,
                "qty_0": "3",
                "price_0": "99",
            },
        )

    def _projects(self):
        return self.env["dealer.project"].search([("dealer_id", "=", self.dealer.id)])

    def test_products_picked_from_a_list_by_the_name_the_dealer_sees(self):
        self.authenticate("pages.portal", "pages.portal")
        for url in ("/my/dealer/projects/new", "/my/dealer/stock/new"):
            with self.subTest(url=url):
                page = self.url_open(url).text
                self.assertIn('<datalist id="o_dealer_products">', page)
                self.assertIn('<option value="JT-01">[JT-01] 茉莉花茶</option>', page)
                self.assertIn('list="o_dealer_products"', page)
        response = self._register("茉莉花茶")
        project = self._projects()
        self.assertEqual(project.line_ids.product_id, self.jasmine)
        self.assertTrue(response.url.endswith(f"/my/dealer/projects/{project.id}"))

    def test_a_dealer_without_history_picks_from_what_we_sell(self):
        """The rival has neither reported nor ordered: its list is what we sell
        (but a product we do not sell)."""
        self.env["product.product"].create({"name": "Not For Sale", "sale_ok": False})
        self.authenticate("pages.rival", "pages.rival")
        page = self.url_open("/my/dealer/projects/new").text
        self.assertIn('<option value="JT-01">[JT-01] Jasmine Tea</option>', page)
        self.assertNotIn("Not For Sale", page)

    def test_an_ambiguous_or_unknown_name_saves_nothing(self):
        self.env["product.product"].create({"name": "Jasmine Tea", "default_code": "JT-02"})
        self.portal.partner_id.lang = "en_US"
        self.authenticate("pages.portal", "pages.portal")
        page = self._register("jasmine tea").text
        self.assertIn("Row 1: jasmine tea names several products (JT-01, JT-02)", page)
        page = self._register("Oolong").text
        self.assertIn("Row 1: unknown product Oolong.", page)
        self.assertFalse(self._projects())

    def test_suggested_quantities_in_whole_units_or_packs(self):
        """A need of 40.72 (2 a day, band 20-25: 45 - 4.28 on hand) is 41 bags, or 4
        boxes of 12 for a product sold by the box; the requested order says the same."""
        boxed = self.env["product.product"].create(
            {
                "name": "Boxed Tea",
                "default_code": "BT-12",
                "packaging_ids": [Command.create({"name": "Box of 12", "qty": 12})],
            }
        )
        self.assertEqual(self.jasmine.uom_id.rounding, 0.01)
        report = self.env["dealer.stock.report"].create(
            {
                "dealer_id": self.dealer.id,
                "date": self.today - timedelta(days=1),
                "state": "done",
                "line_ids": [
                    Command.create({"product_id": p.id, "qty_on_hand": 4.28, "qty_sold": 14})
                    for p in (self.jasmine, boxed)
                ],
            }
        )
        self.assertEqual(report.line_ids.mapped("suggested_qty"), [40.72, 40.72])
        self.authenticate("pages.portal", "pages.portal")
        page = self.url_open(f"/my/dealer/stock/{report.id}").text
        self.assertIn('<span class="o_dealer_suggested">41</span>', page)
        self.assertIn('<span class="o_dealer_suggested">48</span>', page)
        self.assertIn("4 × Box of 12", page)
        self.assertNotIn("40.72", page)
        self._post(f"/my/dealer/stock/{report.id}/request")
        order = self.env["sale.order"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual(
            {(line.product_id, line.product_uom_qty) for line in order.order_line},
            {(self.jasmine, 41), (boxed, 48)},
        )

    def test_the_requested_quotation_is_shown_to_the_dealer(self):
        """The request stays a draft for the salesperson to check; the dealer sees it
        on its report and in its list of reports, then in Odoo's pages once sent."""
        self.portal.partner_id.lang = "en_US"
        self.authenticate("pages.portal", "pages.portal")
        url = f"/my/dealer/stock/{self.report.id}"
        self._post(f"{url}/request")
        order = self.env["sale.order"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual(order.state, "draft")
        page = self.url_open(url).text
        self.assertIn(f"Requested order: <strong>{order.name}</strong>", page)
        self.assertIn("Your salesperson is checking it", page)
        self.assertIn("[JT-01] Jasmine Tea:\n", page)
        self.assertNotIn("o_dealer_request_order", page)  # no second request offered
        self.assertNotIn(f"/my/orders/{order.id}", page)
        self.assertIn(order.name, self.url_open("/my/dealer/stock").text)
        order.action_quotation_sent()
        page = self.url_open(url).text
        self.assertIn(f"/my/orders/{order.id}", page)
        self.assertIn(order.name, self.url_open("/my/quotes").text)
        self.assertEqual(self.url_open(f"/my/orders/{order.id}").status_code, 200)
        # another dealer sees none of it
        self.authenticate("pages.rival", "pages.rival")
        self.assertNotIn(order.name, self.url_open("/my/dealer/stock").text)
        self.assertNotIn(order.name, self.url_open(url).text)
        self.assertNotIn(order.name, self.url_open("/my/quotes").text)

    def _violation(self, dealer, price, **vals):
        return self.env["dealer.price.violation"].create(
            {
                "dealer_id": dealer.id,
                "product_id": self.jasmine.id,
                "floor_price": 80,
                "price": price,
                "qty": 1,
                **vals,
            }
        )

    def test_violations_say_what_caused_them_once_reviewed(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dealer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.jasmine.id, "product_uom_qty": 1, "price_unit": 90}
                    )
                ],
            }
        )
        order.action_confirm()
        project = self.env["dealer.project"].create(
            {"name": "Garden Hotel", "end_customer": "Garden Co", "dealer_id": self.dealer.id}
        )
        by_order = self._violation(
            self.dealer, 71, source="sale_order", sale_order_id=order.id, source_ref=order.name
        )
        by_project = self._violation(self.dealer, 72, source="project", project_id=project.id)
        by_check = self._violation(self.dealer, 73, source_ref="Market check 2026-11-30")
        waived = self._violation(self.dealer, 74)
        to_review = self._violation(self.dealer, 65)
        rival = self._violation(self.rival, 61)
        (by_order | by_project | by_check | waived | rival).action_confirm()
        waived.action_waive()
        by_order.action_invoice_penalties()
        self.authenticate("pages.portal", "pages.portal")
        page = self.url_open("/my/dealer/violations").text
        self.assertEqual(page.count('class="o_dealer_violation"'), 4)
        self.assertNotIn("65.00", page)  # still to review
        self.assertNotIn("61.00", page)  # another dealer's
        self.assertIn(f'<a href="/my/orders/{order.id}">{order.name}</a>', page)
        self.assertIn(f'<a href="/my/dealer/projects/{project.id}">Garden Hotel</a>', page)
        self.assertIn("Market check 2026-11-30", page)
        for header in ("处理状态", "开票状态", "违规来源"):
            self.assertIn(f"<th>{header}</th>", page)
        self.assertIn("开票中", page)  # the penalty invoice is a draft
        self.assertIn("尚未开票", page)
        self.assertIn("无需支付罚款", page)
        self.assertNotIn(f"/my/invoices/{by_order.invoice_id.id}", page)
        by_order.invoice_id.action_post()
        page = self.url_open("/my/dealer/violations").text
        self.assertIn(f"/my/invoices/{by_order.invoice_id.id}", page)
        # the pages it links to open for the dealer
        for url in (f"/my/orders/{order.id}", f"/my/dealer/projects/{project.id}"):
            with self.subTest(url=url):
                self.assertTrue(self.url_open(url).url.endswith(url))
        # the other dealer reads its own row only, and no violation is read by RPC
        # before its review
        self.authenticate("pages.rival", "pages.rival")
        page = self.url_open("/my/dealer/violations").text
        self.assertEqual(page.count('class="o_dealer_violation"'), 1)
        self.assertIn("61.00", page)
        self.assertNotIn(order.name, page)
        self.authenticate("pages.portal", "pages.portal")
        found = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "dealer.price.violation",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["id"]},
            },
        )
        self.assertEqual(
            {row["id"] for row in found}, set((by_order | by_project | by_check | waived).ids)
        )
        self.assertNotIn(to_review.id, {row["id"] for row in found})

    def test_home_tiles_show_their_counts(self):
        """/my shows each dealer tile with its count; /my/counters gives the same."""
        self._report(self.dealer, self.today - timedelta(days=10), on_hand=1, sold=1)
        self._violation(self.dealer, 70).action_confirm()
        self._violation(self.dealer, 60)  # to review: not the dealer's to count
        self._violation(self.rival, 50).action_confirm()
        self.authenticate("pages.portal", "pages.portal")
        home = self.url_open("/my").text
        expected = {
            "dealer_report_count": 2,
            "dealer_project_count": 0,
            "dealer_violation_count": 1,
        }
        for counter, count in expected.items():
            with self.subTest(counter=counter):
                tile = re.search(
                    rf">\s*(\d+)\s*<span[^>]*data-placeholder_count=\"{counter}\"", home
                )
                self.assertTrue(tile, counter)
                self.assertEqual(int(tile[1]), count)
        self.assertEqual(
            self.make_jsonrpc_request("/my/counters", {"counters": list(expected)}), expected
        )
