from . import (
    base_partner_merge_automatic_wizard,
    crm_followup_grade,
    crm_followup_log,
    crm_followup_pool_event,
    followup_holder,
    mail_activity,
    res_company,
    res_config_settings,
    res_partner,
    resource_calendar,
    resource_calendar_leaves,
    sale_order,
)
