from odoo.tests import TransactionCase


class TestMergeSides(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["base.partner.merge.automatic.wizard"]
        cls.old, cls.new = cls.env["res.partner"].create([{"name": "Old"}, {"name": "New"}])

    def test_the_contact_chosen_is_kept(self):
        kept, merged = self.Wizard._merge_sides((self.old | self.new).ids, self.new)
        self.assertEqual((kept, merged), (self.new, self.old))

    def test_without_a_choice_the_contact_odoo_would_keep(self):
        kept, merged = self.Wizard._merge_sides((self.old | self.new).ids)
        expected = self.Wizard._get_ordered_partner((self.old | self.new).ids)
        self.assertEqual(kept, expected[-1])
        self.assertEqual(merged, expected[:-1])

    def test_a_merge_odoo_refuses_has_no_sides(self):
        kept, merged = self.Wizard._merge_sides(self.old.ids)
        self.assertFalse(kept)
        self.assertFalse(merged)
