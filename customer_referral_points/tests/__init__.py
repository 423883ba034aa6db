from . import (
    test_portal_referrals,
    test_referral_access,
    test_referral_bad_input,
    test_referral_check,
    test_referral_concurrency,
    test_referral_demo,
    test_referral_enforcement,
    test_referral_points,
    test_referral_properties,
    test_referral_queries,
    test_referral_rules,
    test_referral_spending,
)
