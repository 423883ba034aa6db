"""Project registrations compare their names with the Unicode fold (full-width
forms, case, invisible characters), and registrations of the same day are
protected in the order they registered: the stored keys are folded again, and
the registrations already registered or won are numbered in the order they had
(registration date, then creation)."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Project = env["dealer.project"].with_context(active_test=False)
    projects = Project.search([])
    env.add_to_compute(Project._fields["project_key"], projects)
    env.flush_all()
    # numbers below any the id sequence gives from now on (there are fewer rows
    # than ids): the registrations made after the upgrade come after these
    cr.execute(
        SQL(
            """UPDATE dealer_project p
                  SET registration_sequence = o.sequence
                 FROM (SELECT id, row_number() OVER (ORDER BY date_registered, id) AS sequence
                         FROM dealer_project
                        WHERE state IN ('registered', 'won')) o
                WHERE p.id = o.id AND p.registration_sequence IS NULL"""
        )
    )
