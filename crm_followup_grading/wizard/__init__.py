from . import crm_followup_release_wizard
