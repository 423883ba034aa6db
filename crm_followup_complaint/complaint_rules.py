"""The arithmetic of complaints, free of the ORM so it is tested directly.

Dates are ``datetime.date`` values; the models feed these functions with what
they read from the database and write back what they return.
"""

from datetime import timedelta

from odoo.addons.crm_followup_grading.followup_rules import next_followup_date


def complaint_deadline(opened, resolve_days, working_days=None):
    """The last day a complaint opened on ``opened`` may be resolved: the
    ``resolve_days``-th (working) day after it.

    :param working_days: sorted working dates covering the days after
        ``opened``, or None to count calendar days
    """
    if working_days is None:
        return opened + timedelta(days=resolve_days)
    return next_followup_date(opened, resolve_days, working_days)


def state_on_close(deadline, closed_on):
    """What closing a complaint on ``closed_on`` makes of it: resolved on or
    before the deadline day, a breach after it."""
    return "resolved" if closed_on <= deadline else "breached"


def transfer_target(teams, held, can_take):
    """The salesperson a customer goes to after a breach.

    :param teams: ``{team_id: [user_id, ...]}`` the sales teams that may take
        the customer (the former salesperson's teams left out) and their members
    :param held: ``{user_id: n}`` graded customers each salesperson holds
    :param can_take: ``user_id -> bool``, whether the pool rules let the
        salesperson take one more customer
    :return: a ``user_id`` from the team whose members hold the fewest graded
        customers, its member holding the fewest (ties: the lower id); the next
        team when nobody in it can take the customer; None when nobody can
    """
    ranked = sorted(teams.items(), key=lambda item: (sum(held.get(u, 0) for u in item[1]), item[0]))
    for _team, members in ranked:
        for user in sorted(set(members), key=lambda u: (held.get(u, 0), u)):
            if can_take(user):
                return user
    return None
