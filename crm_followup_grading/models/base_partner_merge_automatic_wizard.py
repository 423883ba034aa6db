from odoo import models

# what Odoo's merge copies onto the kept contact: the stored, non-computed fields
MERGED_HISTORY_FIELDS = (
    "followup_grade_id",
    "followup_grade_date",
    "followup_last_date",
    "followup_assigned_date",
    "followup_pool_date",
)


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        """Merging duplicates gives the kept contact the follow-up history Odoo's
        merge picks (its own, else a duplicate's). Nobody may write that history
        by hand, so the addon writes it first, as one of its flows: the merge's
        own write then finds it in place and changes nothing of it."""
        history = {}
        for fname in MERGED_HISTORY_FIELDS:
            for partner in (*src_partners, dst_partner):
                if partner[fname]:
                    history[fname] = partner[fname]
        changed = {
            fname: value.id if isinstance(value, models.BaseModel) else value
            for fname, value in history.items()
            if dst_partner[fname] != value
        }
        if changed:
            dst_partner.sudo().write(changed)
        return super()._update_values(src_partners, dst_partner)
