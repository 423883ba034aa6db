# Run inside `odoo-bin shell` by tools/demo.sh: runs our addons' scheduled
# actions once, then prints what the demo holds.
ADDONS = ("crm_followup_grading", "dealer_channel_control", "customer_referral_points")

cron_ids = (
    env["ir.model.data"]
    .search([("module", "in", ADDONS), ("model", "=", "ir.cron")])
    .mapped("res_id")
)
for cron in env["ir.cron"].browse(cron_ids):
    cron.method_direct_trigger()
    print(f"ran scheduled action: {cron.name}")
env.cr.commit()

print("\nWhat the demo holds:")
for addon in ADDONS:
    model_ids = (
        env["ir.model.data"]
        .search([("module", "=", addon), ("model", "=", "ir.model")])
        .mapped("res_id")
    )
    for model in env["ir.model"].browse(model_ids):
        if not model.transient:
            print(f"  {model.name:<40} {env[model.model].search_count([]):>6}")
