"""Stored totals Odoo computes from a document's lines and currency rates.

The referral rules read some of them (an order's untaxed amount and currency
rate, a credit note line's subtotal). Odoo computes them in the cache, never
through write(): a write() naming one comes from a client (RPC, an import, a
one2many command from the parent), and a total it changed would be believed.
"""

from odoo.exceptions import UserError

# sale.order: the amounts, and the rate the amounts are converted at
ORDER_TOTALS = ("amount_untaxed", "amount_tax", "amount_total", "currency_rate")
ORDER_LINE_TOTALS = (
    "price_subtotal",
    "price_tax",
    "price_total",
    "price_reduce_taxexcl",
    "price_reduce_taxinc",
)
MOVE_LINE_TOTALS = ("price_subtotal", "price_total")


def check_totals_unchanged(records, vals, fnames):
    """Refuses a write that changes any of these computed totals of records,
    whoever the user (superuser code excepted: it is the server's own). A
    value equal to the stored one, as an export imported back sends it,
    passes. No query unless vals names one of them."""
    written = [fname for fname in fnames if fname in vals]
    if not written or records.env.su:
        return
    for fname in written:
        field = records._fields[fname]
        for record in records:
            value = field.convert_to_record(field.convert_to_cache(vals[fname], record), record)
            if value != record[fname]:
                raise UserError(
                    records.env._(
                        "“%(field)s” of %(document)s is computed from its lines and currency "
                        "rates and cannot be written: change the lines instead.",
                        field=field._description_string(records.env),
                        document=record.display_name,
                    )
                )
