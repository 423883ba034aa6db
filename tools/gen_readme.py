"""gen_readme.py [--check] ADDON...: build each addon's README.md and the page
Odoo's Apps screen shows (static/description/index.html) from readme/.

OCA keeps an addon's documentation as fragments in readme/ and generates the
README from them (oca-gen-addon-readme, which is not on PyPI and writes .rst);
this does the same in Markdown, and renders the same fragments to HTML with
Python-Markdown for the Apps screen, which shows index.html (or an .rst README),
never Markdown. The screenshots in static/description/ (English first) go on
that page. --check fails when a generated file is stale.
"""

import ast
import html
import sys
from pathlib import Path

import markdown

SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def _manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def _fragments(addon):
    for fragment, title in SECTIONS:
        path = addon / "readme" / fragment
        if path.exists():
            yield title, path.read_text().strip()


def render(addon):
    manifest = _manifest(addon)
    parts = [f"# {manifest['name']}\n\n{manifest['summary']}\n"]
    for title, body in _fragments(addon):
        parts.append(f"## {title}\n\n{body}\n" if title else f"{body}\n")
    parts.append(
        f"---\n\nVersion {manifest['version']}, license {manifest['license']}. "
        "Generated from readme/ by tools/gen_readme.py: edit the fragments, not this file.\n"
    )
    return "\n".join(parts)


def render_html(addon):
    manifest = _manifest(addon)
    body = [
        f"<h1>{html.escape(manifest['name'])}</h1>",
        f"<p><strong>{html.escape(manifest['summary'])}</strong></p>",
    ]
    shots = sorted(
        (addon / "static" / "description").glob("*.png"),
        key=lambda p: (p.name.split(".")[0], ".zh_CN." in p.name),
    )
    for title, text in _fragments(addon):
        if title:
            body.append(f"<h2>{html.escape(title)}</h2>")
        body.append(markdown.markdown(text, extensions=["tables"]))
        if title is None:
            # Relative sources: Odoo serves them from this addon's static/description.
            body.extend(
                f'<p><img src="{shot.name}" alt="{shot.stem}" style="max-width: 100%"/></p>'
                for shot in shots
                if shot.name != "icon.png"
            )
    body.append(
        f"<p><small>Version {manifest['version']}, license {manifest['license']}.</small></p>"
    )
    return '<section class="oe_container">\n' + "\n".join(body) + "\n</section>\n"


def main(args):
    check = "--check" in args
    stale = []
    for name in (a for a in args if a != "--check"):
        addon = Path(name)
        outputs = {
            addon / "README.md": render(addon),
            addon / "static" / "description" / "index.html": render_html(addon),
        }
        for path, text in outputs.items():
            if check:
                if not path.exists() or path.read_text() != text:
                    stale.append(str(path))
            else:
                path.write_text(text)
    if stale:
        print("stale, run tools/gen_readme.py:", *stale)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
