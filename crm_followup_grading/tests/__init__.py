from . import (
    test_cadence,
    test_cron_schedule,
    test_enforcement,
    test_followup_log,
    test_followup_rules,
    test_grade,
    test_install,
    test_pool,
    test_sale_order,
    test_security,
    test_suggested_grade,
    test_views,
)
