from . import (
    dealer_diversion_case,
    dealer_lot_delivery_report,
    dealer_price_check,
    dealer_price_violation,
    dealer_territory,
    res_company,
    res_config_settings,
    res_partner,
)
