from . import (
    account_move,
    event_registration,
    loyalty_card,
    loyalty_history,
    loyalty_program,
    res_partner,
    sale_order,
)
