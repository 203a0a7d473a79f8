"""`rewriter check --format json` on a .docx: jargon in the body, a table cell, the header
and split across differently formatted runs, each reported with exact text and offsets."""
import json
import subprocess
import sys

import docx


def make_letter(path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Mairie — Nous accusons réception de votre appel."
    d.add_paragraph("Madame,")
    p = d.add_paragraph("Bonjour. Veuillez trouver ")
    r = p.add_run("ci-"); r.bold = True
    r = p.add_run("jo"); r.italic = True
    p.add_run("int le formulaire à compter du 1er mars.")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "Démarche"
    t.cell(0, 1).text = "Il vous appartient de signer."
    d.add_paragraph("Bien cordialement,")
    d.save(path)


def test_docx_findings_everywhere(tmp_path):
    f = tmp_path / "lettre.docx"
    make_letter(f)
    broken = tmp_path / "abimee.docx"
    broken.write_bytes(f.read_bytes()[:300])
    out = subprocess.run([sys.executable, "-m", "rewriter", "check", "--format", "json",
                          str(f), str(broken)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 3, out.stderr
    files = json.loads(out.stdout)["files"]
    rep, bad = files[0], files[1]
    assert bad["error"] and "Traceback" not in out.stderr and not bad["findings"]
    found = {x["rule"]: x for x in rep["findings"]}
    import rewriter
    doc = rewriter.check_file(f).document
    texts = [p.text for p in doc.paragraphs]
    for x in rep["findings"]:
        assert texts[x["paragraph"]][x["start"]:x["end"]] == x["text"]
    header = found["fr.formule.accuser-reception"]
    assert header["text"] == "Nous accusons réception de"
    assert doc.paragraphs[header["paragraph"]].story == "header"
    split = found["fr.formule.ci-joint"]
    assert split["text"] == "Veuillez trouver ci-joint"
    assert texts[split["paragraph"]].startswith("Bonjour. Veuillez trouver ci-joint")
    assert (split["start"], split["end"]) == (9, 34)
    cell = found["fr.impersonnel.appartenir"]
    assert cell["text"] == "Il vous appartient de"
    assert doc.paragraphs[cell["paragraph"]].story == "table"
    assert found["fr.jargon.a-compter-de"]["suggestions"] == ["à partir du"]
    assert all(x["line"] is None for x in rep["findings"])
