"""Rows that concurrent transactions deciding the same thing both update.

An advisory lock or SELECT ... FOR UPDATE is not enough under Odoo's REPEATABLE
READ: the later transaction would wait, then still read the database as it was
when it started, and miss what the earlier one wrote (a registration of the same
project, an order to the same dealer). Both update the same row of the lock
table instead: the later one fails with a serialisation error once the earlier
commits, and Odoo retries it with a fresh snapshot, which holds the earlier
one's work. The rows are named by a hash of what is decided (a project of a
company, a dealer's stock in a company); two names sharing a hash only
serialise a little more."""

import hashlib

from odoo.tools import SQL

LOCK_TABLE = "dealer_channel_lock"


def create_lock_table(cr):
    cr.execute(
        SQL(
            "CREATE TABLE IF NOT EXISTS %s (lock_id bigint PRIMARY KEY)",
            SQL.identifier(LOCK_TABLE),
        )
    )


def lock_id(*name):
    """A 64-bit number naming what `name` (strings and numbers) decides."""
    digest = hashlib.blake2b("|".join(map(str, name)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock(env, names):
    """Serialises this transaction with every other that locks one of `names`
    (tuples of strings and numbers) until it ends. One statement, the rows in a
    fixed order: no deadlock between two transactions locking several."""
    ids = sorted({lock_id(*name) for name in names})
    if not ids:
        return
    env.cr.execute(
        SQL(
            """INSERT INTO %(table)s (lock_id)
               SELECT unnest(%(ids)s::bigint[]) ORDER BY 1
               ON CONFLICT (lock_id) DO UPDATE SET lock_id = EXCLUDED.lock_id""",
            table=SQL.identifier(LOCK_TABLE),
            ids=ids,
        )
    )
