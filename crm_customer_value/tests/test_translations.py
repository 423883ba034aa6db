import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase
from odoo.tools.translate import TranslationModuleReader

ADDON = "crm_customer_value"


class TestTranslations(TransactionCase):
    """Every user-facing term of the addon has a Simplified Chinese translation."""

    def test_every_term_has_a_chinese_translation(self):
        reader = TranslationModuleReader(self.env.cr, modules=[ADDON])
        terms = {source for module, _t, _n, _r, source, _v, _c in reader if source.strip()}
        po = polib.pofile(f"{get_module_path(ADDON)}/i18n/zh_CN.po")
        translated = {e.msgid for e in po if e.msgstr.strip() and not e.obsolete}
        self.assertFalse(sorted(terms - translated), "untranslated terms in zh_CN.po")

    def test_risk_reason_and_refusals_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([ADDON], ["zh_CN"], overwrite=True)
        label = self.env["ir.model.fields"]._get("res.partner", "value_class")
        self.assertEqual(label.with_context(lang="zh_CN").field_description, "客户类别")
        zh = self.env(context={"lang": "zh_CN"})
        self.assertEqual(zh._("The customers are classified."), "客户分类已完成。")
