"""Turns the English (or Chinese) reasons stored before into codes and the
data they named, so each reader sees them in their own language: a reclaim's
days and grade, a release (its note kept: a person wrote it), a claim, a
manager's assignment (the manager found by name when the name is unique).
Text that says something else stays as the note, shown as written."""

from odoo.tools import SQL

# "... logged no follow-up for 90 days (grade C)." and its Chinese
RECLAIM_EN = r"logged no follow-up for (\d+) days \(grade (\w+)\)"
RECLAIM_ZH = r"已有 (\d+) 天没有登记追踪（(\w+) 级）"


def migrate(cr, version):
    for pattern in (RECLAIM_EN, RECLAIM_ZH):
        cr.execute(
            SQL(
                """
                UPDATE crm_followup_pool_event e
                   SET reason_code = 'overdue',
                       reason_days = substring(e.note from %(pattern)s)::int,
                       reason_grade_id = g.id,
                       note = NULL
                  FROM (SELECT id, note, (regexp_match(note, %(pattern)s))[2] AS code
                          FROM crm_followup_pool_event
                         WHERE event = 'reclaimed' AND reason_code IS NULL
                           AND note ~ %(pattern)s) m
                  LEFT JOIN crm_followup_grade g ON g.code = m.code
                 WHERE e.id = m.id
                """,
                pattern=pattern,
            )
        )
    cr.execute(
        SQL(
            """
            UPDATE crm_followup_pool_event SET reason_code = 'released'
             WHERE event = 'released' AND reason_code IS NULL;
            UPDATE crm_followup_pool_event SET reason_code = 'claimed'
             WHERE event = 'claimed' AND reason_code IS NULL AND note IS NULL;
            """
        )
    )
    # "Assigned by Mia Manager": the manager, when one user has that name
    cr.execute(
        SQL(
            """
            UPDATE crm_followup_pool_event e
               SET reason_code = 'assigned', actor_id = u.user_id, note = NULL
              FROM (SELECT min(u.id) AS user_id, p.name
                      FROM res_users u JOIN res_partner p ON p.id = u.partner_id
                  GROUP BY p.name HAVING count(*) = 1) u
             WHERE e.event = 'assigned' AND e.reason_code IS NULL
               AND e.note = 'Assigned by ' || u.name
            """
        )
    )
