"""Base classes for the tests that span addons.

Odoo's test metaclass tags a test class only when it lives in an addon
(``odoo.addons.*``); these classes live outside any addon, so they set the tags
themselves, or ``setUpClass`` fails under pytest.
"""

from odoo.tests import TransactionCase


class SuiteCase(TransactionCase):
    test_tags = {"standard", "at_install"}
    test_module = "channel_suite"
    test_sequence = 0

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.test_class = cls.__name__
