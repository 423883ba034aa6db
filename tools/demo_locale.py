# Run inside `odoo-bin shell` by tools/demo.sh, twice: makes the demo database a
# Chinese company. DEMO_LOCALE_STEP says which part:
#
#   company   before our addons are installed (l10n_cn and zh_CN are by then):
#             the main company on China's chart of accounts, in CNY; Simplified
#             Chinese and China's time zone for everyone, new contacts included.
#   addons    after: the VAT rate of each of the demo's products; the "… created"
#             notes of the records our addons' demo data made, in Chinese.
#
# Only `make demo` runs it, because module data cannot do it: a company's
# currency cannot change once Odoo's demo invoices exist, and a language must be
# active before data may set it. Test databases, and any database our addons are
# installed into, keep Odoo's English and USD; the company's Chinese name and
# address are data (channel_suite_demo's demo data) and come with the addons.
import os

from markupsafe import Markup

from odoo.tools import html2plaintext

LANG = "zh_CN"
TZ = "Asia/Shanghai"
# grain and edible salt are taxed at the lower 9 % rate, other goods at 13 %
LOWER_RATE_PRODUCTS = [
    "dealer_channel_control.demo_product_rice",
    "dealer_channel_control.demo_product_salt",
]


def company_step(env):
    company = env.ref("base.main_company")
    # Loading another chart on a company with accounting entries is refused, but
    # on a demo database Odoo removes its demo entries, accounts and taxes first
    # and makes the company's currency the country's (CNY). With the demo entries
    # of the new chart: invoices in CNY with China's VAT.
    env["account.chart.template"].try_loading("cn", company, install_demo=True)
    # l10n_cn's own demo data adds a company of its own, "CN Company": the demo
    # has one company, so it leaves the users' companies and is archived.
    cn_company = env.ref("base.demo_company_cn", raise_if_not_found=False)
    if cn_company:
        users = (
            env["res.users"]
            .with_context(active_test=False)
            .search([("company_ids", "in", cn_company.id)])
        )
        users.write({"company_ids": [(3, cn_company.id)]})
        cn_company.partner_id.active = False
        cn_company.active = False
    # Sales orders take their currency from the pricelist: the company's in CNY.
    pricelists = (
        env["product.pricelist"]
        .with_context(active_test=False)
        .search([("company_id", "in", [company.id, False])])
    )
    pricelists.currency_id = company.currency_id
    orders = env["sale.order"].search([("company_id", "=", company.id)])
    orders.modified(["pricelist_id"])
    # Everyone speaks Chinese in China's time zone: the users there are, and every
    # contact created from now on, the demo's own included.
    env["ir.default"].set("res.partner", "lang", LANG)
    env["ir.default"].set("res.partner", "tz", TZ)
    env["res.users"].search([]).write({"lang": LANG, "tz": TZ})
    chart, currency = company.chart_template, company.currency_id.name
    print(f"main company: chart of accounts {chart}, {currency}; users in {LANG}")


def addons_step(env):
    lower = env["account.chart.template"].ref("l10n_cn_sales_excluded_9")
    for xmlid in LOWER_RATE_PRODUCTS:
        product = env.ref(xmlid, raise_if_not_found=False)
        if product:
            product.taxes_id = lower
    creation_notes_in_chinese(env)


def creation_notes_in_chinese(env):
    """Odoo writes a record's "<document> created" note once, in the language of
    whoever creates the record; a Chinese user creating one reads "<单据>已创建".
    The demo's records were created by the installer, who has no language
    (English): their notes are written again as that user would have read them."""
    env.cr.execute(
        "SELECT id, model, res_id FROM mail_message "
        "WHERE message_type = 'notification' AND body::text LIKE '%%created%%'"
    )
    rewritten = 0
    for message in env["mail.message"].browse(row[0] for row in env.cr.fetchall()):
        if message.model not in env:
            continue
        record = env[message.model].browse(message.res_id)
        english = record.with_context(lang="en_US")._creation_message()
        if html2plaintext(message.body).strip() == english:
            chinese = record.with_context(lang=LANG)._creation_message()
            message.body = Markup(str(message.body).replace(english, chinese))
            rewritten += 1
    print(f"creation notes in {LANG}: {rewritten}")


def run(env):
    {"company": company_step, "addons": addons_step}[os.environ["DEMO_LOCALE_STEP"]](env)
    env.cr.commit()


run(env)  # noqa: F821 (odoo-bin shell provides env)
