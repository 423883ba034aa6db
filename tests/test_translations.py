"""Every user-facing term of our addons has a Simplified Chinese translation.

Odoo's own exporter lists the terms (field labels, selection values, view
strings, menus, data records, and the ``_()`` strings in Python); each must have
a non-empty ``msgstr`` in the addon's ``i18n/zh_CN.po``, except the terms that
read the same in Chinese (an acronym such as "CSV", a line of placeholders
only): those are in the catalogue with an empty ``msgstr``, as OCA's catalogue
format wants a translation equal to its term, and Odoo shows the term.
"""

import re

import polib

from odoo.modules.module import get_module_path
from odoo.tools.translate import TranslationModuleReader

from tools.suite import PRODUCT_ADDONS as ADDONS

from .common import SuiteCase


class TestTranslations(SuiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        reader = TranslationModuleReader(cls.env.cr, modules=list(ADDONS))
        cls.terms = {addon: set() for addon in ADDONS}
        for module, _type, _name, _res_id, source, _value, _comments in reader:
            if module in cls.terms and source.strip():
                cls.terms[module].add(source)

    def _catalogue(self, addon):
        po = polib.pofile(f"{get_module_path(addon)}/i18n/zh_CN.po")
        return {entry.msgid: entry.msgstr for entry in po if not entry.obsolete}

    def test_every_term_has_a_chinese_translation(self):
        for addon in ADDONS:
            catalogue = self._catalogue(addon)
            with self.subTest(addon=addon):
                missing = sorted(
                    term
                    for term in self.terms[addon]
                    if not catalogue.get(term, "").strip()
                    and not (term in catalogue and reads_the_same_in_chinese(term))
                )
                self.assertFalse(missing, f"{addon}: untranslated terms in zh_CN.po")

    def test_only_acronyms_and_placeholders_read_the_same(self):
        self.assertTrue(reads_the_same_in_chinese("XLSX"))
        self.assertTrue(reads_the_same_in_chinese("%(reason)s\n%(violations)s"))
        self.assertFalse(reads_the_same_in_chinese("Overdue"))
        self.assertFalse(reads_the_same_in_chinese("%(count)s days"))

    def test_chinese_field_labels_reach_the_user(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(list(ADDONS), ["zh_CN"])
        for addon in ADDONS:
            po = {
                e.msgid: e.msgstr for e in polib.pofile(f"{get_module_path(addon)}/i18n/zh_CN.po")
            }
            field_ids = (
                self.env["ir.model.data"]
                .search([("module", "=", addon), ("model", "=", "ir.model.fields")])
                .mapped("res_id")
            )
            fields = self.env["ir.model.fields"].browse(field_ids)
            with self.subTest(addon=addon):
                shown = {
                    f.field_description: f.with_context(lang="zh_CN").field_description
                    for f in fields
                }
                expected = {label: po.get(label) or label for label in shown}
                self.assertEqual(shown, expected)


def reads_the_same_in_chinese(term):
    """An acronym, or nothing but placeholders, digits and punctuation."""
    words = re.sub(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}", "", term)
    return bool(re.fullmatch(r"[A-Z]{2,5}", term)) or not re.search(r"[^\W\d_]", words)
