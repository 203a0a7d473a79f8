"""Rule files as a product: schema for editors, catalogue, organisation packs."""
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from rewriter.rulepack import RULES_DIR, json_schema, rule_files

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schema_is_current_and_bundled_files_validate():
    schema = json.loads((RULES_DIR / "schema.json").read_text(encoding="utf-8"))
    assert schema == json_schema(), "régénérez : rewriter rules schema > rules/schema.json"
    validator = jsonschema.Draft202012Validator(schema)
    files = rule_files(RULES_DIR / "fr") + rule_files(RULES_DIR / "en") + \
        [ROOT / "samples" / "pack-mairie" / "regles.yml"]
    for f in files:
        if f.suffix != ".yml":
            continue
        errors = list(validator.iter_errors(yaml.safe_load(f.read_text(encoding="utf-8"))))
        assert not errors, f"{f}: {errors[0].message}"


def test_schema_catches_a_typo():
    v = jsonschema.Draft202012Validator(json_schema())
    bad = {"language": "fr", "rules": [{"id": "x", "message": "m", "sevrity": "error"}]}
    assert any("sevrity" in e.message for e in v.iter_errors(bad))


def run(*args):
    return subprocess.run([sys.executable, "-m", "rewriter", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def test_sample_organisation_pack_changes_findings():
    letter = "samples/lettre-mairie-locale.txt"
    base = json.loads(run("check", "--format", "json", letter).stdout)["files"][0]
    org_run = run("check", "--format", "json", "--rules", "samples/pack-mairie/", letter)
    org = json.loads(org_run.stdout)["files"][0]
    base_rules = {f["rule"] for f in base["findings"]}
    org_rules = {f["rule"]: f for f in org["findings"]}
    assert "fr.jargon.afin-de" in base_rules and "fr.jargon.afin-de" not in org_rules
    assert org_rules["fr.formule.salutations"]["severity"] == "error"
    assert "mairie.jargon.administre" in org_rules
    assert any(r.startswith("lexique.") for r in org_rules)
    smictom = [f for f in org["findings"] if f["text"] == "SMICTOM"]
    assert len(smictom) == 1 and smictom[0]["fixable"]
    assert org_run.returncode == 1      # the overridden severity now blocks (fail-on error)


def test_rules_docs_catalogue(tmp_path):
    r = run("rules", "docs", "-o", str(tmp_path))
    assert r.returncode == 0
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "fr.formule.ci-joint" in html and "http://" not in html and "https://" not in html
    assert "<script" in html and 'lang=\'fr\'' in html
