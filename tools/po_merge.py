"""po_merge.py POT PO: bring PO up to date with the template POT.

What msgmerge does, without needing gettext on the machine: every entry of POT,
with the translation PO already had for it (matched on msgctxt + msgid).
"""

import sys

import polib


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path)
    try:
        old = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(po_path)}
    except OSError:
        old = {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata, Language="zh_CN")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.header = pot.header
    for entry in pot:
        entry.msgstr = old.get((entry.msgctxt, entry.msgid), "")
        po.append(entry)
    po.save(po_path)
    missing = [e.msgid for e in po if not e.msgstr]
    print(f"{po_path}: {len(po)} terms, {len(missing)} untranslated")


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2])
