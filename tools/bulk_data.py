"""Large data written in SQL, for the benchmarks (tests/benchmarks) and the
load test (tools/load/generate.py): customers, referred customers with their
orders and attendances, and dealers' weekly stock report history.

Rows go in behind the ORM, as an import or a migration would put them: the
stored computed columns the addons read are written too, and the ledger is
left empty (the nightly reconcile writes it). The caller invalidates the
ORM's cache and runs ANALYZE when it is done.
"""

REFERRED_PER_REFERRER = 10


def insert_partners(cr, name, count, params=None, *, join="", **columns):
    """`count` partners named NAME 1 to NAME count: active contacts, as the ORM
    writes them by default (their complete name their name, vendor bills posted
    on asking), whose commercial partner is themselves unless `columns` says
    otherwise. Each row comes from generate_series(1, count) i and the FROM
    items in `join` (appended after it: JOIN ... ON ..., LATERAL ...);
    `columns` gives more res_partner columns as SQL expressions over them, with
    %(key)s taken from params (so a modulo is %%). Returns the ids, in the
    order inserted."""
    params = dict(params or {}, partner_name=name, partner_count=count)
    cr.execute(
        f"""
        INSERT INTO res_partner (name, complete_name, active, type, autopost_bills,
                                 {"".join(f"{column}, " for column in columns)}
                                 create_uid, write_uid, create_date, write_date)
        SELECT %(partner_name)s || ' ' || i, %(partner_name)s || ' ' || i,
               true, 'contact', 'ask',
               {"".join(f"{value}, " for value in columns.values())}
               1, 1, now(), now()
          FROM generate_series(1, %(partner_count)s) i {join}
        RETURNING id
        """,
        params,
    )
    ids = [row[0] for row in cr.fetchall()]
    if "commercial_partner_id" not in columns:
        cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids])
    return ids


def insert_referrals(cr, *, prefix, referred, orders, attended, referred_on, days, company, event):
    """Referrers, each with REFERRED_PER_REFERRER customers in a row (so that a
    batch of customers meets as many referrers whatever the size), the
    customers they brought on referred_on, orders spread over them and over
    `days` days from then (one in ten cancelled), and the first `attended`
    customers attending event. Returns (referrer ids, referred ids)."""
    params = {
        "prefix": prefix,
        "referrers": max(1, referred // REFERRED_PER_REFERRER),
        "referred": referred,
        "orders": orders,
        "attended": attended,
        "referred_on": referred_on,
        "days": days,
        "company": company.id,
        "currency": company.currency_id.id,
        "event": event.id,
    }
    params["referrer_ids"] = insert_partners(cr, f"{prefix} referrer", params["referrers"])
    params["referred_ids"] = insert_partners(
        cr,
        f"{prefix} referred",
        referred,
        params,
        referred_by_id="(%(referrer_ids)s::int[])[1 + (i - 1) * %(referrers)s / %(referred)s]",
        referral_date="%(referred_on)s",
    )
    # the shipping policy is sale_stock's (the template has it), required: its default
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                company_id, currency_id, currency_rate, date_order,
                                state, amount_untaxed, amount_tax, amount_total,
                                picking_policy, create_uid, write_uid, create_date, write_date)
        SELECT upper(%(prefix)s) || '/' || i, p, p, p, %(company)s, %(currency)s, 1.0,
               %(referred_on)s::timestamp + (i %% %(days)s) * interval '1 day',
               CASE WHEN i %% 10 = 0 THEN 'cancel' ELSE 'sale' END,
               100 + (i * 37) %% 900, 0, 100 + (i * 37) %% 900,
               'direct', 1, 1, now(), now()
          FROM generate_series(1, %(orders)s) i,
               LATERAL (SELECT (%(referred_ids)s::int[])[1 + i %% %(referred)s] AS p) c
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO event_registration (event_id, partner_id, name, state, active,
                                        company_id, create_uid, write_uid,
                                        create_date, write_date)
        SELECT %(event)s, p, %(prefix)s || ' attendee', 'done', true, %(company)s,
               1, 1, now(), now()
          FROM unnest((%(referred_ids)s::int[])[1:%(attended)s]) p
        """,
        params,
    )
    return params["referrer_ids"], params["referred_ids"]


def insert_report_history(cr, *, dealers, products, first_day, weeks, company, channel, on_hand):
    """A done weekly stock report per dealer and week from first_day, a line
    per product: 10 sold a day (70 a week) and on_hand = (lowest, spread) on
    hand, varying from lowest to lowest + spread - 1 between lines (by the
    dealer's, week's and product's places, not by ids: the same at every run). Inventory
    days and their state against the 20-25 day band are written as the
    report's computation would, on the lines and on the reports."""
    lowest, spread = on_hand
    cr.execute(
        """
        INSERT INTO dealer_stock_report
               (dealer_id, date, period_days, state, company_id, channel_id,
                inventory_min_days, inventory_max_days, create_uid, write_uid,
                create_date, write_date)
        SELECT d, %(first)s::date + 7 * w, 7, 'done', %(company)s, %(channel)s,
               20, 25, 1, 1, now(), now()
          FROM unnest(%(dealers)s) d, generate_series(0, %(weeks)s - 1) w
        """,
        {
            "first": first_day,
            "company": company.id,
            "channel": channel.id,
            "dealers": dealers.ids,
            "weeks": weeks,
        },
    )
    cr.execute(
        """
        INSERT INTO dealer_stock_report_line
               (report_id, company_id, dealer_id, date, product_id, qty_on_hand,
                qty_sold, daily_sales, inventory_days, inventory_state, suggested_qty,
                create_uid, write_uid, create_date, write_date)
        SELECT r.id, r.company_id, r.dealer_id, r.date, pp.p, q.on_hand, 70, 10,
               q.on_hand / 10.0,
               CASE WHEN q.on_hand < 200 THEN 'under'
                    WHEN q.on_hand > 250 THEN 'over'
                    ELSE 'normal' END,
               GREATEST(0, 225 - q.on_hand), 1, 1, now(), now()
          FROM dealer_stock_report r
          JOIN unnest(%(dealers)s::int[]) WITH ORDINALITY AS d(id, n) ON d.id = r.dealer_id,
               unnest(%(products)s::int[]) WITH ORDINALITY AS pp(p, n),
               LATERAL (SELECT %(lowest)s + (d.n * 7 + (r.date - %(first)s::date) / 7 * 11
                                              + pp.n * 13) %% %(spread)s AS on_hand) q
        """,
        {
            "products": products.ids,
            "dealers": dealers.ids,
            "first": first_day,
            "lowest": lowest,
            "spread": spread,
        },
    )
    cr.execute(
        """
        UPDATE dealer_stock_report r
           SET qty_on_hand = t.on_hand, daily_sales = t.per_day,
               inventory_days = t.on_hand / t.per_day,
               inventory_state = CASE WHEN t.on_hand / t.per_day < 20 THEN 'under'
                                      WHEN t.on_hand / t.per_day > 25 THEN 'over'
                                      ELSE 'normal' END
          FROM (SELECT report_id, sum(qty_on_hand) on_hand, sum(daily_sales) per_day
                  FROM dealer_stock_report_line GROUP BY report_id) t
         WHERE t.report_id = r.id AND r.dealer_id = ANY(%s)
        """,
        [dealers.ids],
    )


LINES_PER_DELIVERY = 10


def insert_lot_deliveries(
    cr, *, prefix, product, dealers, lots, lines, company, picking_type, date
):
    """`lines` done delivery lines of `product`, one unit each, LINES_PER_DELIVERY
    to a delivery, the deliveries going to `dealers` in turn and the lines
    cycling through `lots` new lots named PREFIX-1.. (so each lot is delivered
    lines / lots times, to several dealers). Pickings, moves and move lines are
    written done, as the warehouse leaves them. Returns the lot names."""
    params = {
        "prefix": prefix,
        "product": product.id,
        "uom": product.uom_id.id,
        "company": company.id,
        "lots": lots,
        "lines": lines,
        "pickings": -(-lines // LINES_PER_DELIVERY),
        "per": LINES_PER_DELIVERY,
        "dealers": dealers.ids,
        "type": picking_type.id,
        "src": picking_type.default_location_src_id.id,
        "dest": picking_type.default_location_dest_id.id,
        "date": date,
    }
    cr.execute(
        """
        WITH ins AS (
            INSERT INTO stock_lot (name, product_id, company_id,
                                   create_uid, write_uid, create_date, write_date)
            SELECT %(prefix)s || '-' || i, %(product)s, %(company)s, 1, 1, now(), now()
              FROM generate_series(1, %(lots)s) i
            RETURNING id)
        SELECT min(id) FROM ins
        """,
        params,
    )
    params["lot0"] = cr.fetchone()[0]
    cr.execute(
        """
        WITH ins AS (
            INSERT INTO stock_picking (name, picking_type_id, location_id, location_dest_id,
                                       company_id, partner_id, state, move_type,
                                       scheduled_date, date_done,
                                       create_uid, write_uid, create_date, write_date)
            SELECT %(prefix)s || '/OUT/' || i, %(type)s, %(src)s, %(dest)s, %(company)s,
                   (%(dealers)s::int[])[1 + i %% cardinality(%(dealers)s::int[])],
                   'done', 'direct', %(date)s, %(date)s, 1, 1, now(), now()
              FROM generate_series(1, %(pickings)s) i
            RETURNING id)
        SELECT min(id) FROM ins
        """,
        params,
    )
    params["picking0"] = cr.fetchone()[0]
    cr.execute(
        """
        WITH ins AS (
            INSERT INTO stock_move (name, product_id, product_uom, product_uom_qty, quantity,
                                    location_id, location_dest_id, location_final_id,
                                    company_id, picking_id, picking_type_id, state, date,
                                    procure_method, picked,
                                    create_uid, write_uid, create_date, write_date)
            SELECT %(prefix)s, %(product)s, %(uom)s, 1, 1, %(src)s, %(dest)s, %(dest)s,
                   %(company)s, %(picking0)s + (i - 1) / %(per)s, %(type)s, 'done', %(date)s,
                   'make_to_stock', true, 1, 1, now(), now()
              FROM generate_series(1, %(lines)s) i
            RETURNING id)
        SELECT min(id) FROM ins
        """,
        params,
    )
    params["move0"] = cr.fetchone()[0]
    cr.execute(
        """
        INSERT INTO stock_move_line (move_id, picking_id, product_id, product_uom_id, lot_id,
                                     quantity, quantity_product_uom, location_id,
                                     location_dest_id, company_id, state, date, picked,
                                     create_uid, write_uid, create_date, write_date)
        SELECT %(move0)s + i - 1, %(picking0)s + (i - 1) / %(per)s, %(product)s, %(uom)s,
               %(lot0)s + (i - 1) %% %(lots)s, 1, 1, %(src)s, %(dest)s, %(company)s, 'done',
               %(date)s, true, 1, 1, now(), now()
          FROM generate_series(1, %(lines)s) i
        """,
        params,
    )
    return [f"{prefix}-{i}" for i in (1, lots // 2, lots)]
