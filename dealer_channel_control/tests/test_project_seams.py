"""The first registrant's protection at the seams: names that look the same, two
registrations of the same day, copies, and what a client may not write."""

import importlib.util
from pathlib import Path

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user

from odoo.addons.dealer_channel_control import rules

from .common import TODAY, DealerCase

MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migrate.py"


@freeze_time(TODAY)
class TestProjectSeams(DealerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep = new_test_user(
            cls.env,
            "dealer.rival.rep",
            groups="dealer_channel_control.group_dealer_user",
            name="Rival Rep",
        )
        cls.rival = cls.env["res.partner"].create(
            {"name": "Rival Dealer", "is_company": True, "is_dealer": True}
        )
        cls.rival.user_id = cls.other_rep

    def _project(self, user, dealer, price, name="Metro Line", end_customer="ACME Corp"):
        return (
            self.env["dealer.project"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "end_customer": end_customer,
                    "dealer_id": dealer.id,
                    "line_ids": [
                        Command.create({"product_id": self.rice.id, "qty": 10, "price_unit": price})
                    ],
                }
            )
        )

    def _protected(self):
        project = self._project(self.salesman, self.dealer, 150)
        project.action_register()
        return project

    def _assert_refused_registration(self, project):
        with self.assertRefused(ValidationError, "may not be quoted below $\xa0150.00"):
            project.action_register()
        project.invalidate_recordset()
        self.assertEqual(project.state, "draft")
        self.assertFalse(project.registration_sequence)

    # names that look the same are the same ---------------------------------

    def test_look_alike_names_are_the_same_project(self):
        first = self._protected()
        for name, end_customer in (
            ("Ｍｅｔｒｏ　Ｌｉｎｅ", "ACME Corp"),  # full-width, as a Chinese input method types it
            ("Metro\u200bLine", "ACME Corp"),  # zero-width space
            ("metro line", "ＡＣＭＥ\u00adcorp\ufeff"),  # soft hyphen, byte order mark
            ("METRO\u2060LINE\u3000", "acme\u200dCORP"),  # word joiner, zero-width joiner
        ):
            with self.subTest(name=name, end_customer=end_customer):
                rival = self._project(self.other_rep, self.rival, 120, name, end_customer)
                self.assertEqual(rival.project_key, first.project_key)
                self._assert_refused_registration(rival.with_user(self.other_rep))
        self.assertTrue(first.is_first_registrant)

    def test_a_look_alike_registered_through_the_form_is_refused(self):
        self._protected()
        with Form(self.env["dealer.project"].with_user(self.other_rep)) as form:
            form.name = "Ｍｅｔｒｏ\u200bＬｉｎｅ"
            form.end_customer = "ACME Corp"
            form.dealer_id = self.rival
            with form.line_ids.new() as line:
                line.product_id = self.rice
                line.qty = 10
                line.price_unit = 120
        self._assert_refused_registration(form.record.with_user(self.other_rep))

    def test_renaming_a_registration_into_a_look_alike_is_refused(self):
        self._protected()
        rival = self._project(self.other_rep, self.rival, 120, name="Harbour Bridge")
        rival.with_user(self.other_rep).action_register()
        with self.assertRefused(ValidationError, "may not be quoted below $\xa0150.00"):
            rival.with_user(self.other_rep).write({"name": "ＭＥＴＲＯ ｌｉｎｅ"})
        rival.invalidate_recordset()
        self.assertEqual(rival.name, "Harbour Bridge")

    def test_different_names_stay_different_projects(self):
        first = self._protected()
        for name, end_customer in (
            ("Metro Line 2", "ACME Corp"),
            ("Metro Line", "ACME Corporation"),
            ("Metro-Line", "ACME Corp"),
        ):
            rival = self._project(self.other_rep, self.rival, 120, name, end_customer)
            rival.with_user(self.other_rep).action_register()
            self.assertNotEqual(rival.project_key, first.project_key)
            self.assertTrue(rival.is_first_registrant)

    # two registrations of the same day -------------------------------------

    def test_of_two_registrations_of_the_same_day_the_earlier_registered_is_protected(self):
        # the rival's draft is older; the dealer registers first
        rival = self._project(self.other_rep, self.rival, 120)
        first = self._protected()
        self.assertTrue(first.is_first_registrant)
        self._assert_refused_registration(rival.with_user(self.other_rep))
        self.assertTrue(first.is_first_registrant)

    def test_the_registration_order_is_not_taken_from_the_client(self):
        first = self._protected()
        rival = self._project(self.other_rep, self.rival, 160)
        rival.with_user(self.other_rep).action_register()
        sequences = (first.registration_sequence, rival.registration_sequence)
        self.assertLess(*sequences)
        for user, record in ((self.other_rep, rival), (self.manager, rival)):
            with self.assertRefused(UserError, "cannot be written directly"):
                record.with_user(user).write({"registration_sequence": 1})
        with self.assertRefused(UserError, "cannot be written directly"):
            self.env["dealer.project"].with_user(self.manager).create(
                {
                    "name": "Other",
                    "end_customer": "ACME Corp",
                    "dealer_id": self.rival.id,
                    "registration_sequence": 1,
                }
            )
        (first | rival).invalidate_recordset()
        self.assertEqual((first.registration_sequence, rival.registration_sequence), sequences)
        self.assertTrue(first.is_first_registrant)

    def test_a_registration_lost_and_registered_again_queues_anew(self):
        first = self._protected()
        rival = self._project(self.other_rep, self.rival, 150)
        rival.with_user(self.other_rep).action_register()
        first.with_user(self.salesman).action_lose()
        self.assertTrue(rival.is_first_registrant)
        first.with_user(self.salesman).action_draft()
        first.with_user(self.salesman).action_register()
        self.assertTrue(rival.is_first_registrant)
        self.assertFalse(first.is_first_registrant)

    # copies -----------------------------------------------------------------

    def test_a_copy_of_a_protected_registration_is_an_unprotected_draft(self):
        first = self._protected()
        first.with_user(self.manager).date_registered = "2026-02-01"
        copy = first.with_user(self.salesman).copy()
        self.assertEqual(copy.state, "draft")
        self.assertEqual(str(copy.date_registered), TODAY)
        self.assertFalse(copy.registration_sequence)
        self.assertFalse(copy.is_first_registrant)
        self.assertTrue(first.is_first_registrant)

    # the fold itself, and the upgrade of stored keys ------------------------

    def test_the_upgrade_folds_the_stored_keys_and_numbers_the_registrations(self):
        first = self._protected()
        rival = self._project(self.other_rep, self.rival, 160, name="Ｍｅｔｒｏ\u200bＬｉｎｅ")
        rival.with_user(self.other_rep).action_register()
        draft = self._project(self.salesman, self.dealer, 150, name="Library")
        self.env.flush_all()
        # as an older version left them: case and spaces folded only, no numbers
        self.env.cr.execute(
            "UPDATE dealer_project SET project_key = 'x' || id, registration_sequence = NULL"
            " WHERE id IN %s",
            [tuple((first | rival | draft).ids)],
        )
        self.env.invalidate_all()
        spec = importlib.util.spec_from_file_location("post_migrate", MIGRATION)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(first.project_key, rules.project_key("ACME Corp", "Metro Line"))
        self.assertEqual(rival.project_key, first.project_key)
        self.assertEqual(draft.project_key, rules.project_key("ACME Corp", "Library"))
        self.assertLess(first.registration_sequence, rival.registration_sequence)
        self.assertFalse(draft.registration_sequence)
        self.assertTrue(first.is_first_registrant)
        draft.with_user(self.salesman).action_register()
        self.assertLess(rival.registration_sequence, draft.registration_sequence)
