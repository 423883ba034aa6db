"""make lint fails on each kind of defect OCA's checks exist for.

Each test copies the tree git knows, plants one defect and runs the lint step
that must catch it, as `make lint` runs it (tools/lint.sh, this virtualenv).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("VENV", REPO / ".venv"))


@pytest.fixture
def tree(tmp_path):
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        if (REPO / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, tmp_path / name)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    return tmp_path


def lint(tree, *steps):
    result = subprocess.run(
        ["bash", "tools/lint.sh", *steps],
        cwd=tree,
        env={**os.environ, "VENV": str(VENV), "LINT_NO_SETUP": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_the_tree_as_committed_passes_these_steps(tree):
    rc, out = lint(tree, "oca", "prettier")
    assert rc == 0, out


def test_a_duplicated_xml_record_id_fails(tree):
    views = tree / "dealer_channel_control/views/dealer_channel_views.xml"
    text = views.read_text()
    first = text.index("<record ")
    record = text[first : text.index("</record>", first) + len("</record>")]
    views.write_text(text.replace(record, f"{record}\n    {record}", 1))
    rc, out = lint(tree, "oca")
    assert rc != 0
    assert "xml-duplicate-record-id" in out


def test_a_translation_defined_twice_fails(tree):
    catalogue = tree / "customer_referral_points/i18n/zh_CN.po"
    text = catalogue.read_text()
    catalogue.write_text(text + '\nmsgid "Referral points"\nmsgstr "推荐积分"\n')
    text = catalogue.read_text()
    assert text.count('msgid "Referral points"\n') == 2
    rc, out = lint(tree, "oca")
    assert rc != 0
    assert "po-duplicate-message-definition" in out


def test_a_view_prettier_would_reformat_fails(tree):
    views = tree / "crm_followup_grading/views/crm_followup_grade_views.xml"
    views.write_text(views.read_text().replace("<field ", "<field     ", 1))
    rc, out = lint(tree, "prettier")
    assert rc != 0
    assert "crm_followup_grade_views.xml" in out


def test_an_unknown_step_is_named(tree):
    rc, out = lint(tree, "spelling")
    assert rc == 1
    assert "unknown lint step 'spelling'" in out
