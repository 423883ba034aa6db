"""The suite's addons, named in one place: the bridge addon channel_suite_demo
depends on exactly the three product addons. `python3 tools/suite.py` prints
them all, comma-separated, for the shell scripts (tools/env.sh)."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BRIDGE = "channel_suite_demo"
PRODUCT_ADDONS = tuple(
    ast.literal_eval((REPO / BRIDGE / "__manifest__.py").read_text(encoding="utf-8"))["depends"]
)
ADDONS = (*PRODUCT_ADDONS, BRIDGE)

if __name__ == "__main__":
    print(",".join(ADDONS))
