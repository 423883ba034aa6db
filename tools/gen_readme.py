"""gen_readme.py [--check] ADDON...: build each addon's README.md from readme/.

OCA keeps an addon's documentation as fragments in readme/ and generates the
README from them (oca-gen-addon-readme, which is not on PyPI and writes .rst);
this does the same in Markdown. --check fails when a README.md is stale.
"""

import ast
import sys
from pathlib import Path

SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    parts = [f"# {manifest['name']}\n\n{manifest['summary']}\n"]
    for fragment, title in SECTIONS:
        path = addon / "readme" / fragment
        if path.exists():
            body = path.read_text().strip()
            parts.append(f"## {title}\n\n{body}\n" if title else f"{body}\n")
    parts.append(
        f"---\n\nVersion {manifest['version']}, license {manifest['license']}. "
        "Generated from readme/ by tools/gen_readme.py: edit the fragments, not this file.\n"
    )
    return "\n".join(parts)


def main(args):
    check = "--check" in args
    stale = []
    for name in (a for a in args if a != "--check"):
        addon = Path(name)
        text = render(addon)
        readme = addon / "README.md"
        if check:
            if not readme.exists() or readme.read_text() != text:
                stale.append(str(readme))
        else:
            readme.write_text(text)
    if stale:
        print("stale, run tools/gen_readme.py:", *stale)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
