"""The suite's addons, named in one place: the hidden base addon every product
addon depends on, the product addons (exactly what the bridge addon
channel_suite_demo depends on) and the bridge. `python3 tools/suite.py` prints
them all, comma-separated, for the shell scripts (tools/env.sh);
`python3 tools/suite.py product` the product addons only."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE = "channel_suite_base"
BRIDGE = "channel_suite_demo"
PRODUCT_ADDONS = tuple(
    ast.literal_eval((REPO / BRIDGE / "__manifest__.py").read_text(encoding="utf-8"))["depends"]
)
ADDONS = (BASE, *PRODUCT_ADDONS, BRIDGE)

if __name__ == "__main__":
    import sys

    print(",".join(PRODUCT_ADDONS if sys.argv[1:] == ["product"] else ADDONS))
