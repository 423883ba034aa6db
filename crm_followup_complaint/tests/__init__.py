from . import (
    test_breach,
    test_complaint,
    test_complaint_rules,
    test_demo,
    test_language,
    test_partner,
    test_portal_http,
    test_reports,
    test_transfer_race,
)
