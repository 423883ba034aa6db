"""Pool events kept their reason as text in the language of whoever wrote it;
the reason is now a code shown in each reader's language, and the text a
person wrote (a release's reason) is the event's note: the column is renamed
before the model loads, so the ORM finds the note where it was."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    table = "crm_followup_pool_event"
    if column_exists(cr, table, "reason") and not column_exists(cr, table, "note"):
        cr.execute(SQL("ALTER TABLE crm_followup_pool_event RENAME COLUMN reason TO note"))
