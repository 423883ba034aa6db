"""The trace's decision, kept free of the ORM like dealer_channel_control's
rules.py: which dealers a lot seen in a province came from, and whether one of
them may sell there."""

CASE = "case"
COVERED = "covered"
UNKNOWN_LOT = "unknown_lot"


def net_origins(flows):
    """The dealers still holding some of a lot: flows is [(dealer, delivered,
    returned)], several rows per dealer allowed; a dealer that sent back all it
    received is no origin."""
    net = {}
    for dealer, delivered, returned in flows:
        net[dealer] = net.get(dealer, 0.0) + delivered - returned
    return [dealer for dealer, qty in net.items() if qty > 0]


def trace_outcome(origins, place, territories):
    """(result, the origins to put on a case).

    origins: the dealers the lot was delivered to (net of returns);
    place: the province the goods were seen in;
    territories: {dealer: set of provinces}, an empty set for a dealer without
    territory, which may sell anywhere.
    An origin allowed in the place explains the goods being there: no case."""
    if not origins:
        return UNKNOWN_LOT, []
    if any(not territories.get(o) or place in territories[o] for o in origins):
        return COVERED, []
    return CASE, list(origins)
