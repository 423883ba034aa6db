# Run inside `odoo-bin shell` by tools/demo.sh, twice: makes the demo database a
# Chinese company. DEMO_LOCALE_STEP says which part:
#
#   company   before our addons are installed (l10n_cn and zh_CN are by then):
#             the main company on China's chart of accounts, in CNY; Simplified
#             Chinese and China's time zone for everyone, new contacts included.
#   products  after: the VAT rate of each of the demo's products.
#
# Only `make demo` runs it, because module data cannot do it: a company's
# currency cannot change once Odoo's demo invoices exist, and a language must be
# active before data may set it. Test databases, and any database our addons are
# installed into, keep Odoo's English and USD; the company's Chinese name and
# address are data (channel_suite_demo's demo data) and come with the addons.
import os

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


def products_step(env):
    lower = env["account.chart.template"].ref("l10n_cn_sales_excluded_9")
    for xmlid in LOWER_RATE_PRODUCTS:
        product = env.ref(xmlid, raise_if_not_found=False)
        if product:
            product.taxes_id = lower


def run(env):
    {"company": company_step, "products": products_step}[os.environ["DEMO_LOCALE_STEP"]](env)
    env.cr.commit()


run(env)  # noqa: F821 (odoo-bin shell provides env)
