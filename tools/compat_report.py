"""Reads the JUnit report of `make compat` and fails on any test that failed
with our addons installed and is not a known environment failure.

The list (tools/compat-known-failures.txt) holds one test a line,
``module.tests.test_file.Class.test_name  # why it fails without our addons``;
with ``--baseline`` (run without our addons) it says which listed tests pass
there, so that the list stays honest.
"""

import argparse
import sys
from pathlib import Path
from xml.etree import ElementTree


def outcomes(report):
    """{test id: 'passed' | 'failed' | 'skipped'} from a pytest JUnit report."""
    result = {}
    for case in ElementTree.parse(report).iter("testcase"):
        test_id = f"{case.get('classname')}.{case.get('name')}".removeprefix("odoo.addons.")
        kinds = {child.tag for child in case}
        if kinds & {"failure", "error"}:
            result[test_id] = "failed"
        elif "skipped" in kinds:
            result[test_id] = "skipped"
        else:
            result[test_id] = "passed"
    return result


def listed_as(test, known):
    """The entry of the list that names test, or None. A test of a file outside
    pytest's root directory (Odoo's, run from a clone elsewhere) is reported
    without its module, as ``.Class.test_name`` or ``test_file.Class.test_name``:
    it is the entry that ends with what is left."""
    if test in known:
        return test
    tail = "." + test.lstrip(".")
    if tail.count(".") < 2:
        return None
    matches = [entry for entry in known if entry.endswith(tail)]
    return matches[0] if len(matches) == 1 else None


def known_failures(path):
    known = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        test_id, _, reason = line.partition("#")
        if test_id.strip():
            known[test_id.strip()] = reason.strip()
    return known


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("known")
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()
    seen = outcomes(args.report)
    known = known_failures(args.known)
    failed = sorted(test for test, outcome in seen.items() if outcome == "failed")
    counts = {
        kind: sum(1 for o in seen.values() if o == kind) for kind in ("passed", "failed", "skipped")
    }
    print(
        f"compat: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
    )
    listed = {test: listed_as(test, known) for test in seen}
    if args.baseline:
        stale = sorted(listed[test] for test, o in seen.items() if o == "passed" and listed[test])
        for test in stale:
            print(f"listed but passes without our addons: {test}")
        for test in failed:
            if not listed[test]:
                print(f"fails without our addons, not listed: {test}")
        return 1 if stale else 0
    new = [test for test in failed if not listed[test]]
    for test in failed:
        entry = listed[test]
        print(
            f"  {'known' if entry else 'NEW  '} {test}" + (f"  ({known[entry]})" if entry else "")
        )
    if new:
        print(f"compat: {len(new)} of Odoo's tests fail with our addons and not without them")
        return 1
    print("compat: Odoo's tests pass with our addons wherever they pass without them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
