from . import test_breach, test_complaint
