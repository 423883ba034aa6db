from odoo.tests import TransactionCase

ADDON = "crm_customer_value"


class TestTranslations(TransactionCase):
    """The Chinese reaches the user (tests/test_translations.py checks that every
    term of the suite's addons has its translation)."""

    def test_risk_reason_and_refusals_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([ADDON], ["zh_CN"], overwrite=True)
        label = self.env["ir.model.fields"]._get("res.partner", "value_class")
        self.assertEqual(label.with_context(lang="zh_CN").field_description, "客户类别")
        zh = self.env(context={"lang": "zh_CN"})
        self.assertEqual(zh._("The customers are classified."), "客户分类已完成。")
