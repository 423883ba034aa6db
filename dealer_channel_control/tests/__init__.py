from . import (
    test_channel,
    test_install,
    test_price_check_enforcement,
    test_project,
    test_project_enforcement,
    test_rules,
    test_sale_order,
    test_security,
    test_stock_report,
    test_stock_report_enforcement,
    test_views,
    test_violation,
)
