"""The dealer groups, named once for the models, checks and hooks that ask
who may do what."""

# salespeople working with dealers: their documents and their dealers' figures
GROUP_DEALER_USER = "dealer_channel_control.group_dealer_user"
# who decides who is a dealer, the floors, the bands and the fines
GROUP_DEALER_MANAGER = "dealer_channel_control.group_dealer_manager"


def is_dealer_manager(env):
    """Dealer managers, and trusted server code (superuser), may do what only
    a dealer manager does."""
    return env.su or env.user.has_group(GROUP_DEALER_MANAGER)
