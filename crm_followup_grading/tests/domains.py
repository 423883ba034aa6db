"""The domains the web client applies, evaluated as it does, so the tests
search with what the screens send instead of a copy of it."""

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.tools.safe_eval import datetime, safe_eval, time


def evaluated_domain(domain, user):
    """An action's or a filter's domain (text), with the names the web client
    provides when it evaluates one."""
    if not domain:
        return []
    if not isinstance(domain, str):
        return domain
    record = user.env["res.users"].browse(user.id)
    return safe_eval(
        domain,
        {
            "uid": user.id,
            "context_today": lambda: fields.Date.context_today(record),
            "relativedelta": relativedelta,
            "datetime": datetime,
            "time": time,
        },
    )


def search_filter_domain(model, name):
    """The domain of the filter ``name`` of ``model``'s default search view, as
    the user of ``model.env`` gets the view."""
    arch = model.get_views([(False, "search")])["views"]["search"]["arch"]
    node = etree.fromstring(arch).find(f".//filter[@name='{name}']")
    assert node is not None, f"no filter {name} in the search view of {model._name}"
    return evaluated_domain(node.get("domain"), model.env.user)
