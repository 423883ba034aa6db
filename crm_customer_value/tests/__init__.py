from . import (
    test_portal_http,
    test_translations,
    test_value_classify,
    test_value_performance,
    test_value_rules,
    test_value_seams,
    test_vip_application,
    test_vip_decision_race,
    test_vip_qualification,
)
