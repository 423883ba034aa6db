from odoo import models

# taken from the duplicate that has them, the kept contact first, as Odoo's merge
# picks values: together, since the grade date is the date of that grade
GRADE_FIELDS = ("followup_grade_id", "followup_grade_date")
# the latest of the duplicates': the last contact, and the reclaim clock of the
# salesperson who now holds them all
LATEST_FIELDS = ("followup_last_date", "followup_assigned_date")
PICKED_FIELDS = ("followup_pool_date", "followup_reclaim_warned_date")


def _holder(src_partners, dst_partner):
    """The salesperson Odoo's merge leaves on the kept contact: its own, else
    the last duplicate's."""
    for partner in (dst_partner, *reversed(src_partners)):
        if partner.user_id:
            return partner.user_id
    return dst_partner.user_id


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """The kept contact takes the duplicates' customers, their history and
        orders: before anything moves, each graded or pooled duplicate the
        kept contact's salesperson does not hold yet goes to them the way it
        can go to them outside a merge. A salesperson claims a pooled one
        for themselves, within the pool rules; a sales manager assigns; a
        colleague's customer is never handed over by a salesperson."""
        kept, src_partners = self._merge_sides(partner_ids, dst_partner)
        if kept:
            self._followup_hand_over(src_partners, kept)
        return super()._merge(partner_ids, kept or dst_partner, extra_checks)

    def _followup_hand_over(self, src_partners, dst_partner):
        holder = _holder(src_partners, dst_partner)
        taken = (
            (src_partners | dst_partner)
            .filtered(lambda p: p.user_id != holder)
            ._followup_pool_held()
        )
        if not taken:
            return
        # the pool history says the merge did it
        taken = taken.with_context(followup_pool_reason="merged")
        if holder == self.env.user and not taken.user_id and not taken._followup_assigns_freely():
            taken._followup_claim()
        else:
            # an assignment: refused to anyone but sales managers
            taken.write({"user_id": holder.id})

    def _update_values(self, src_partners, dst_partner):
        """The kept contact takes the follow-up history of the merged ones.
        Nobody may write that history by hand, so the addon writes it first,
        as one of its flows: the merge's own write then finds it in place and
        changes nothing of it."""
        partners = [*src_partners, dst_partner]
        history = {}
        graded = [p for p in partners if p.followup_grade_id]
        if graded:
            history.update({fname: graded[-1][fname] for fname in GRADE_FIELDS})
        for fname in LATEST_FIELDS:
            dates = [p[fname] for p in partners if p[fname]]
            if dates:
                history[fname] = max(dates)
        for fname in PICKED_FIELDS:
            values = [p[fname] for p in partners if p[fname]]
            if values:
                history[fname] = values[-1]
        # the holder was settled in _merge; one active contact keeps the result active
        history["user_id"] = _holder(src_partners, dst_partner)
        history["active"] = any(p.active for p in partners)
        if any(dst_partner[fname] != value for fname, value in history.items()):
            # all of it, unchanged values included: a new salesperson on the kept
            # contact restarts no reclaim clock the duplicates had running
            dst_partner.sudo().write(
                {
                    fname: value.id if isinstance(value, models.BaseModel) else value
                    for fname, value in history.items()
                }
            )
        return super()._update_values(src_partners, dst_partner)
