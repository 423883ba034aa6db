from . import (
    account_move,
    account_move_line,
    base_partner_merge_automatic_wizard,
    event_registration,
    loyalty_card,
    loyalty_history,
    loyalty_program,
    res_partner,
    sale_order,
)
