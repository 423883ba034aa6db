from . import test_install, test_referral_points, test_referral_rules
