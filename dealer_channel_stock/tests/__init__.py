from . import (
    test_case_decisions,
    test_monitor_mode,
    test_portal_http,
    test_rules,
    test_security,
    test_trace,
)
