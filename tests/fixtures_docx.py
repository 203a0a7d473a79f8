"""Builders for small test .docx files (well-formed and hostile).

The well-formed files are written member by member with :mod:`zipfile` from raw
WordprocessingML strings, checked with lxml, so every container the reader must handle
(table, nested table, header, footer, footnote, text box with its mc:Fallback copy,
content controls, hyperlink, tracked insertion / deletion / move, fields, smart tag,
comments, a phrase split across three differently formatted runs) is exactly where the
test expects it. python-docx is used in the tests to check the files open.

Hostile builders return bytes: zip bomb (streamed through zlib so the file stays small),
lying size headers, XXE, billion laughs, macro-enabled, OLE containers, RTF/HTML renamed...
"""
from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:          # make ``rewriter`` importable without installing
    sys.path.insert(0, str(ROOT))

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'mc:Ignorable="wps"'
)
CT_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
CT_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


# --- a plain letter through python-docx --------------------------------------------------
def build_docx(paragraphs: list[str]) -> bytes:
    """A .docx with one plain paragraph per string, as Word would write it (python-docx)."""
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --- small XML helpers -------------------------------------------------------------------
def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text: str, rpr: str = "") -> str:
    return (f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}'
            f'<w:t xml:space="preserve">{esc(text)}</w:t></w:r>')


def para(*inner: str) -> str:
    return "<w:p>" + "".join(inner) + "</w:p>"


def p_text(text: str) -> str:
    return para(run(text))


def table(*rows: list[str], extra_rows: str = "") -> str:
    """rows: lists of cell contents (block XML: paragraphs or tables); ``extra_rows``
    is raw ``w:tr`` XML appended as is."""
    out = ["<w:tbl><w:tblPr/><w:tblGrid/>"]
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            out.append(f"<w:tc><w:tcPr/>{cell}</w:tc>")
        out.append("</w:tr>")
    out.append(extra_rows + "</w:tbl>")
    return "".join(out)


def textbox(anchor_text: str, box_text: str) -> str:
    """A paragraph anchoring a text box, with the mc:Choice and the mc:Fallback copies."""
    inner = f"<w:txbxContent>{p_text(box_text)}</w:txbxContent>"
    return para(
        run(anchor_text),
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1" cy="1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx>{inner}</wps:txbx></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>",
    )


SECT = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdHdr1"/>'
        '<w:footerReference w:type="default" r:id="rIdFtr1"/></w:sectPr>')


def document_xml(body: str, sect: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<w:document {NSDECL}><w:body>{body}{sect}</w:body></w:document>")


def part_xml(root: str, inner: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<w:{root} {NSDECL}>{inner}</w:{root}>")


def content_types(overrides: dict[str, str], main_ct: str = CT_DOCUMENT) -> str:
    ov = "".join(f'<Override PartName="/{k}" ContentType="{v}"/>' for k, v in overrides.items())
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_ct}"/>{ov}</Types>')


def rels(entries: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{RT}/{t}" Target="{tg}"/>' for i, t, tg in entries)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{body}</Relationships>")


PKG_RELS = rels([("rId1", "officeDocument", "word/document.xml")])


def zip_bytes(members: dict[str, str | bytes], check_xml: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            if check_xml and name.endswith((".xml", ".rels")) and b"<!DOCTYPE" not in data:
                etree.fromstring(data)          # the fixture itself must be well-formed
            z.writestr(name, data)
    return buf.getvalue()


def minimal_docx(body: str, main_ct: str = CT_DOCUMENT, extra: dict | None = None,
                 pkg_rels: str | None = PKG_RELS, doc_xml: str | None = None,
                 check_xml: bool = True) -> bytes:
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": content_types({}, main_ct),
        "word/document.xml": doc_xml if doc_xml is not None else document_xml(body),
    }
    if pkg_rels is not None:
        members["_rels/.rels"] = pkg_rels
    members.update(extra or {})
    return zip_bytes(members, check_xml=check_xml)


# --- the "every container" fixture --------------------------------------------------------
# Expected (story, text) in reading order: headers, body, footnotes, endnotes, footers.
EXPECTED = [
    ("header", "En-tête : Direction des affaires sociales"),
    ("body", "Madame, nous accusons réception de votre demande."),
    ("body", "Veuillez trouver ci-joint le formulaire."),
    ("table", "Cellule A : pièces justificatives"),
    ("table", "Cellule B avant"),
    ("table", "Cellule imbriquée"),
    ("table", "Cellule B après"),
    ("body", "Avant la zone de texte."),
    ("textbox", "Zone de texte : dans les meilleurs délais"),
    ("body", "Contrôle de contenu en bloc"),
    ("body", "Début INLINE lien INSÉRÉ 01/01/2024 RÉSULTAT SMART\tfin\nligne 2"),
    ("body", "Texte déplacé ici."),
    ("body", ""),
    ("body", "Appel de note."),
    ("footnote", "Note de bas de page : conformément à l'article 3."),
    ("footer", "Pied de page"),
]
DELETED_WORDS = ("SUPPRIMÉ", "DÉPLACÉ-ORIGINE", "LIGNE-SUPPRIMÉE", "CODE-CHAMP", "COMMENTAIRE-SECRET")


def full_fixture_docx() -> bytes:
    body = "".join([
        p_text("Madame, nous accusons réception de votre demande."),
        # "ci-joint" split over three runs with different formatting
        para(run("Veuillez trouver "), run("ci-", "<w:b/>"), run("jo", "<w:i/>"),
             run("int le formulaire.")),
        table([p_text("Cellule A : pièces justificatives"),
               p_text("Cellule B avant") + table([p_text("Cellule imbriquée")])
               + p_text("Cellule B après")],
              # a deleted table row (tracked): not in the accepted view
              extra_rows='<w:tr><w:trPr><w:del w:id="90" w:author="A" '
                         'w:date="2024-01-01T00:00:00Z"/></w:trPr><w:tc>'
                         + p_text("LIGNE-SUPPRIMÉE") + "</w:tc></w:tr>"),
        textbox("Avant la zone de texte.", "Zone de texte : dans les meilleurs délais"),
        # block content control
        "<w:sdt><w:sdtPr><w:alias w:val=\"bloc\"/></w:sdtPr><w:sdtContent>"
        + p_text("Contrôle de contenu en bloc") + "</w:sdtContent></w:sdt>",
        para(
            run("Début "),
            "<w:sdt><w:sdtPr/><w:sdtContent>" + run("INLINE") + "</w:sdtContent></w:sdt>",
            run(" "),
            '<w:hyperlink r:id="rIdLink">' + run("lien") + "</w:hyperlink>",
            run(" "),
            '<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">' + run("INSÉRÉ") + "</w:ins>",
            '<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r>'
            "<w:delText>SUPPRIMÉ</w:delText></w:r></w:del>",
            run(" "),
            '<w:fldSimple w:instr=" DATE \\@ &quot;dd/MM/yyyy&quot; ">' + run("01/01/2024") + "</w:fldSimple>",
            run(" "),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> CODE-CHAMP </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("RÉSULTAT")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            run(" "),
            '<w:smartTag w:uri="urn:x" w:element="place">' + run("SMART") + "</w:smartTag>",
            "<w:r><w:tab/><w:t>fin</w:t><w:br/><w:t>ligne 2</w:t></w:r>",
            '<w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/>'
            '<w:r><w:commentReference w:id="0"/></w:r>',
        ),
        para(
            '<w:moveFrom w:id="3" w:author="A" w:date="2024-01-01T00:00:00Z">'
            + run("DÉPLACÉ-ORIGINE") + "</w:moveFrom>",
            '<w:moveTo w:id="4" w:author="A" w:date="2024-01-01T00:00:00Z">'
            + run("Texte déplacé ici.") + "</w:moveTo>",
        ),
        "<w:p/>",
        para(run("Appel de note."), '<w:r><w:footnoteReference w:id="1"/></w:r>'),
    ])
    footnotes = part_xml("footnotes", (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
        '<w:footnote w:id="1">' + p_text("Note de bas de page : conformément à l'article 3.")
        + "</w:footnote>"))
    comments = part_xml("comments", '<w:comment w:id="0" w:author="A">'
                        + p_text("COMMENTAIRE-SECRET") + "</w:comment>")
    ct = {
        "word/header1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
        "word/footer1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
        "word/footnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        "word/comments.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
    }
    doc_rels = rels([
        ("rIdHdr1", "header", "header1.xml"), ("rIdFtr1", "footer", "footer1.xml"),
        ("rIdFn", "footnotes", "footnotes.xml"), ("rIdCm", "comments", "comments.xml"),
    ]).replace("</Relationships>",
               f'<Relationship Id="rIdLink" Type="{RT}/hyperlink" '
               'Target="https://www.service-public.fr" TargetMode="External"/></Relationships>')
    return zip_bytes({
        "[Content_Types].xml": content_types(ct),
        "_rels/.rels": PKG_RELS,
        "word/document.xml": document_xml(body, SECT),
        "word/_rels/document.xml.rels": doc_rels,
        "word/header1.xml": part_xml("hdr", p_text("En-tête : Direction des affaires sociales")),
        "word/footer1.xml": part_xml("ftr", p_text("Pied de page")),
        "word/footnotes.xml": footnotes,
        "word/comments.xml": comments,
    })


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = Path(tmp_path) / name
    p.write_bytes(data)
    return p


# --- hostile files -----------------------------------------------------------------------
def _local_header(name: bytes, crc: int, csize: int, usize: int, method: int = 8) -> bytes:
    return struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, csize, usize,
                       len(name), 0) + name


def _central_header(name: bytes, crc: int, csize: int, usize: int, offset: int,
                    method: int = 8) -> bytes:
    return struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, csize,
                       usize, len(name), 0, 0, 0, 0, 0, offset) + name


def raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """entries: (name, compressed_data, crc, declared_csize, declared_usize), deflated."""
    out = io.BytesIO()
    central = []
    for name, comp, crc, csize, usize in entries:
        off = out.tell()
        nb = name.encode()
        out.write(_local_header(nb, crc, csize, usize))
        out.write(comp)
        central.append(_central_header(nb, crc, csize, usize, off))
    cd_off = out.tell()
    cd = b"".join(central)
    out.write(cd)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          len(cd), cd_off, 0))
    return out.getvalue()


def _deflate(data: bytes) -> tuple[bytes, int]:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data)


_BOMB_CACHE: dict[int, tuple[bytes, int, int]] = {}


def _bomb_stream(total: int) -> tuple[bytes, int, int]:
    """Deflate ``total`` bytes of a document.xml full of empty paragraphs, streamed."""
    if total in _BOMB_CACHE:
        return _BOMB_CACHE[total]
    head = f'<?xml version="1.0"?><w:document {NSDECL}><w:body>'.encode()
    tail = b"</w:body></w:document>"
    unit = b"<w:p/>" * (1 << 17)                 # 768 KiB per chunk
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [c.compress(head)]
    crc = zlib.crc32(head)
    size = len(head)
    while size + len(unit) + len(tail) <= total:
        parts.append(c.compress(unit))
        crc = zlib.crc32(unit, crc)
        size += len(unit)
    parts.append(c.compress(tail))
    crc = zlib.crc32(tail, crc)
    size += len(tail)
    parts.append(c.flush())
    _BOMB_CACHE[total] = (b"".join(parts), crc, size)
    return _BOMB_CACHE[total]


def _bomb_package(doc_entry: tuple[str, bytes, int, int, int]) -> bytes:
    ct, ct_crc = _deflate(content_types({}).encode())
    rl, rl_crc = _deflate(PKG_RELS.encode())
    ct_len, rl_len = len(content_types({}).encode()), len(PKG_RELS.encode())
    return raw_zip([("[Content_Types].xml", ct, ct_crc, len(ct), ct_len),
                    ("_rels/.rels", rl, rl_crc, len(rl), rl_len), doc_entry])


def zip_bomb(total: int = 1 << 30) -> bytes:
    """A small .docx whose document.xml inflates to ``total`` bytes (honest headers)."""
    comp, crc, size = _bomb_stream(total)
    return _bomb_package(("word/document.xml", comp, crc, len(comp), size))


def zip_bomb_lying(total: int = 1 << 30, declared: int = 1000) -> bytes:
    """Same bomb, but the local and central headers claim ``declared`` bytes."""
    comp, crc, _size = _bomb_stream(total)
    return _bomb_package(("word/document.xml", comp, crc, len(comp), declared))


def bad_crc_docx() -> bytes:
    doc = document_xml(p_text("Bonjour")).encode()
    comp, crc = _deflate(doc)
    return _bomb_package(("word/document.xml", comp, crc ^ 0xFFFF, len(comp), len(doc)))


def xxe_docx(secret_path: Path) -> bytes:
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_path}">]>'
           f"<w:document {NSDECL}><w:body>"
           '<w:p><w:r><w:t xml:space="preserve">Avant &xxe; après</w:t></w:r></w:p>'
           "</w:body></w:document>")
    return minimal_docx("", doc_xml=doc)


def billion_laughs_docx() -> bytes:
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<!DOCTYPE w:document [{"".join(ents)}]>'
           f"<w:document {NSDECL}><w:body>"
           "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    return minimal_docx("", doc_xml=doc)


def docm_bytes(with_vba: bool = True) -> bytes:
    extra = {"word/vbaProject.bin": b"\x00" * 64} if with_vba else {}
    return minimal_docx(p_text("Macro"), main_ct=CT_DOCM, extra=extra)


def dotx_bytes() -> bytes:
    return minimal_docx(p_text("Madame, {{ nom }}, veuillez trouver ci-joint le formulaire."),
                        main_ct=CT_TEMPLATE)


def strict_docx() -> bytes:
    doc = document_xml(p_text("Texte en OOXML strict.")).replace(
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main")
    pkg = PKG_RELS.replace(RT, "http://purl.oclc.org/ooxml/officeDocument/relationships")
    return minimal_docx("", doc_xml=doc, pkg_rels=pkg)


def no_main_rel_docx() -> bytes:
    return minimal_docx(p_text("Sans relation principale."), pkg_rels=rels([]))


def ole_bytes(stream_name: str | None) -> bytes:
    """Data that starts like an OLE2/CFB file and names a stream in UTF-16-LE."""
    body = b"\x00" * 504
    if stream_name:
        body += stream_name.encode("utf-16-le") + b"\x00\x00"
    return OLE_MAGIC + body + b"\x00" * 1024


def deep_tables_docx(depth: int) -> bytes:
    inner = p_text("Cellule la plus profonde")
    for _ in range(depth):
        inner = table([inner + "<w:p/>"])
    return minimal_docx(inner, check_xml=depth < 50)   # deeper: over libxml2's limit


def long_paragraph_docx(n_chars: int = 1_000_000) -> bytes:
    words = ("veuillez trouver ci-joint le formulaire " * (n_chars // 40 + 1))[:n_chars]
    return minimal_docx(p_text(words), check_xml=n_chars < 5_000_000)  # libxml2: 10 MB text nodes


def zip_encrypted_flag_docx() -> bytes:
    data = bytearray(minimal_docx(p_text("Bonjour")))
    # set bit 0 of the general-purpose flags in every local and central header
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        while i != -1:
            data[i + off] |= 1
            i = data.find(sig, i + 4)
    return bytes(data)


def many_entries_docx(n: int) -> bytes:
    extra = {f"word/media/x{i}.bin": b"" for i in range(n)}
    return minimal_docx(p_text("Bonjour"), extra=extra)


def xlsx_like_bytes() -> bytes:
    ct = content_types({}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    return zip_bytes({"[Content_Types].xml": ct, "_rels/.rels": PKG_RELS,
                      "word/document.xml": "<x/>"})
