from . import (
    crm_complaint_deduction,
    crm_followup_pool_event,
    helpdesk_ticket,
    helpdesk_ticket_breach,
    res_company,
    res_config_settings,
    res_partner,
)
