"""Checks run on an uploaded Word file BEFORE any XML is parsed.

Why: python-docx (and lxml) are safe against XXE and entity expansion, but not against
zip bombs (a 1.5 MB .docx inflating to 1 GB took 7.8 GB of RAM), nor against zip headers
that lie about sizes. They also give misleading errors for password-protected files,
legacy .doc files, RTF/HTML renamed .docx, macro-enabled files, etc. (see
technical-notes.md §2). Everything here works on the raw bytes and the zip directory,
reads only small bounded members (``[Content_Types].xml``, ``_rels/.rels``), and raises
:class:`ReadError` with a French sentence saying what is wrong and what to do.

Public API
----------
* :data:`MAX_FILE_BYTES` – upload limit (20 MiB), also used by ``readers.read_path``.
* :func:`preflight(data, name) -> zipfile.ZipFile` – all the pre-parse checks.
* :func:`inspect_package(data, name) -> PackageInfo` – the same checks, plus what they
  found (main document part, template, Strict OOXML...). ``docx.py`` uses this one.
* :func:`verify_members(zf) -> dict[str, bytes]` – inflates every member in 64 KiB
  chunks with a cap (catches lying size headers and bad CRCs with bounded memory) and
  returns the inflated members, so the package is never inflated twice.

Stable ``reason`` codes: empty, too_big, encrypted, legacy_doc, ole_other, rtf, html,
not_zip, broken_zip, zip_bomb, zip_encrypted, macro, not_word, too_many_entries.
(Strict OOXML is *accepted*: ``docx.py`` maps its namespaces to the transitional ones.)
"""
from __future__ import annotations

import copy
import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from ..errors import ReadError

# --- limits ---------------------------------------------------------------------------
from . import MAX_FILE_BYTES  # noqa: E402 - upload size (compressed), 20 MiB
MAX_MEMBER_BYTES = 50 << 20      # one inflated member
MAX_TOTAL_BYTES = 100 << 20      # all inflated members together
MAX_RATIO = 200                  # inflated / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1 << 20            # (real Word files stay under ~45: docx-wild max is 41)
MAX_ENTRIES = 2000               # docx-wild max is 104
SMALL_MEMBER_BYTES = 4 << 20     # [Content_Types].xml and .rels read by preflight
CHUNK = 64 * 1024

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# --- content types and relationship types ---------------------------------------------
CT_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
CT_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
CT_DOTM = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
WORD_MAIN_TYPES = (CT_DOCUMENT, CT_TEMPLATE)
MACRO_MAIN_TYPES = (CT_DOCM, CT_DOTM)

RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_OFFICE_DOCUMENT_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_MARK = b"http://purl.oclc.org/ooxml/"

# Safe parser for the small package XML files (no DTD, no entities, no network).
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                               huge_tree=False, remove_comments=True, remove_pis=True)

# --- user messages (French) ----------------------------------------------------------
_SAVE_DOCX = "Ouvrez-le dans Word ou LibreOffice, enregistrez-le au format .docx, puis recommencez."


def _msg_too_big(size: int) -> str:
    return (f"Ce fichier est trop volumineux ({size / (1 << 20):.1f} Mo ; maximum "
            f"{MAX_FILE_BYTES >> 20} Mo). Enregistrez la lettre seule, sans images lourdes, "
            "puis recommencez.")


MSG = {
    "empty": "Ce fichier est vide (0 octet). Vérifiez que vous avez choisi le bon fichier, "
             "puis recommencez.",
    "encrypted": "Ce document est protégé par un mot de passe : enregistrez-le sans mot de "
                 "passe puis recommencez.",
    "legacy_doc": "Ce fichier est un ancien document Word (format .doc de Word 97-2003). "
                  "Ouvrez-le dans Word ou LibreOffice, enregistrez-le au format .docx, puis "
                  "recommencez.",
    "ole_other": "Ce fichier n'est pas un document Word .docx (c'est un ancien format Office "
                 "ou un autre type de fichier). " + _SAVE_DOCX,
    "rtf": "Ce fichier est un document RTF renommé en .docx, pas un vrai document Word. "
           + _SAVE_DOCX,
    "html": "Ce fichier est une page web (HTML) renommée en .docx, pas un vrai document "
            "Word. " + _SAVE_DOCX,
    "xml": "Ce fichier est un document Word au format XML (Word 2003 ou XML plat), pas un "
           ".docx. " + _SAVE_DOCX,
    "text": "Ce fichier contient du texte brut renommé en .docx, pas un document Word. "
            "Enregistrez-le avec l'extension .txt, ou ouvrez-le dans Word et enregistrez-le "
            "au format .docx, puis recommencez.",
    "not_zip": "Ce fichier n'est pas un document Word .docx valide (son contenu n'a pas le "
               "format attendu). Vérifiez que vous avez choisi le bon fichier ; sinon, "
               + _SAVE_DOCX[0].lower() + _SAVE_DOCX[1:],
    "broken_zip": "Ce document Word est endommagé ou incomplet (archive illisible). "
                  "Si Word ou LibreOffice parvient à l'ouvrir, enregistrez-le à nouveau au "
                  "format .docx puis recommencez ; sinon, demandez une nouvelle copie du "
                  "fichier.",
    "zip_bomb": "Ce fichier se décompresse en un volume anormalement grand : par sécurité, "
                "il n'a pas été ouvert. Enregistrez la lettre seule au format .docx (sans "
                "contenu volumineux), puis recommencez.",
    "zip_encrypted": "Ce document est chiffré (archive protégée) : enregistrez-le sans "
                     "chiffrement ni mot de passe, puis recommencez.",
    "macro": "Ce document contient des macros (fichier .docm ou .dotm) : enregistrez-le au "
             "format .docx, sans macros, puis recommencez.",
    "not_word": "Ce fichier n'est pas un document Word : il ne contient pas de texte Word "
                "principal. " + _SAVE_DOCX,
    "too_many_entries": "Ce document contient un nombre anormalement élevé d'éléments "
                        f"internes (plus de {MAX_ENTRIES}) : par sécurité, il n'a pas été "
                        "ouvert. Enregistrez la lettre seule au format .docx, puis "
                        "recommencez.",
    "odt": "Ce fichier est un document OpenDocument (LibreOffice .odt), pas un .docx. "
           "Dans LibreOffice, choisissez « Enregistrer sous » au format Word (.docx), puis "
           "recommencez.",
    "excel": "Ce fichier est un classeur Excel, pas un document Word. Copiez la lettre dans "
             "un document Word (.docx), puis recommencez.",
    "powerpoint": "Ce fichier est une présentation PowerPoint, pas un document Word. Copiez "
                  "la lettre dans un document Word (.docx), puis recommencez.",
}


def _fail(reason: str, key: str | None = None) -> ReadError:
    return ReadError(MSG[key or reason], reason)


@dataclass
class PackageInfo:
    """What :func:`inspect_package` learnt about a zip that passed every check."""
    zip: zipfile.ZipFile
    main_part: str                       # zip member name, e.g. "word/document.xml"
    main_content_type: str               # one of WORD_MAIN_TYPES
    is_template: bool = False            # .dotx main part
    is_strict: bool = False              # ISO 29500 Strict namespaces
    main_rel_missing: bool = False       # no officeDocument relationship in _rels/.rels
    # lower-case member name -> real member name (OPC part names are case-insensitive)
    names: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
def preflight(data: bytes, name: str = "document.docx") -> zipfile.ZipFile:
    """Run every pre-parse check on ``data``; return the open :class:`zipfile.ZipFile`.

    Raises :class:`ReadError` (French message, stable ``reason``) on the first problem.
    Members are not inflated here except small package files; call
    :func:`verify_members` next.
    """
    return inspect_package(data, name).zip


def inspect_package(data: bytes, name: str = "document.docx") -> PackageInfo:
    """:func:`preflight`, returning what the checks found (main part, template, Strict)."""
    _check_container(data)
    zf = _open_zip(data)
    _check_directory(zf)
    return _check_package(zf)


# --- 1. the raw bytes ------------------------------------------------------------------
def _check_container(data: bytes) -> None:
    if not data:
        raise _fail("empty")
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(_msg_too_big(len(data)), "too_big")
    if data[:8] == OLE_MAGIC:
        # OLE2 / CFB container: stream names are stored in UTF-16-LE in the directory.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _fail("encrypted")           # password-protected OOXML (Word "Encrypt")
        if "WordDocument".encode("utf-16-le") in data:
            raise _fail("legacy_doc")          # Word 97-2003 binary .doc
        raise _fail("ole_other")               # .xls, .ppt, .msg, ...
    if data[:4] in ZIP_MAGICS:
        return
    head = data[:4096]
    sniff = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff\x00 \t\r\n")
    low = sniff[:1024].lower().replace(b"\x00", b"")   # crude UTF-16 tolerance
    if low.startswith(b"{\\rtf"):
        raise _fail("rtf")
    if (low.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta"))
            or b"<html" in low or b"mime-version:" in low[:200]):
        raise _fail("html")                    # also Word "web page" .mht exports
    if low.startswith(b"<?xml") or low.startswith(b"<"):
        if b"<html" in low:
            raise _fail("html")
        raise ReadError(MSG["xml"], "not_word")
    if b"PK\x03\x04" in data[:1 << 16] or b"PK\x05\x06" in data[-(1 << 16):]:
        return                                 # zip with a prefix (e.g. self-extracting)
    if _looks_like_text(head):
        raise ReadError(MSG["text"], "not_zip")
    raise _fail("not_zip")


def _looks_like_text(head: bytes) -> bool:
    try:
        s = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            s = head[:-4].decode("utf-8")      # a multi-byte char cut at the end
        except UnicodeDecodeError:
            return False
    if not s:
        return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in s)
    return printable / len(s) > 0.95


# --- 2. the zip directory -------------------------------------------------------------
def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            OverflowError, NotImplementedError, KeyError, IndexError, UnicodeError,
            RuntimeError):
        raise _fail("broken_zip") from None


def _check_directory(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _fail("too_many_entries")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _fail("zip_encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _fail("broken_zip")          # Word only writes stored / deflated members
        size = info.file_size
        total += size
        if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise _fail("zip_bomb")
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise _fail("zip_bomb")


# --- 3. the OPC package: content types, main part, macros ------------------------------
def _unchecked(zf: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A copy of ``member``'s entry that reads one byte past the declared size and skips
    zipfile's CRC check (so a lying size header is reported as such, not as a bad CRC).
    :func:`verify_members` checks every CRC itself."""
    info = member if isinstance(member, zipfile.ZipInfo) else zf.getinfo(member)
    probe = copy.copy(info)
    probe.file_size = info.file_size + 1
    try:
        del probe.CRC
    except AttributeError:
        pass
    return probe


def _read_small(zf: zipfile.ZipFile, member: str) -> bytes:
    """Read a small package member with a hard cap, whatever its header says."""
    declared = zf.getinfo(member).file_size
    try:
        with zf.open(_unchecked(zf, member)) as f:
            out = f.read(min(declared, SMALL_MEMBER_BYTES) + 1)
    except Exception:   # BadZipFile, zlib.error, EOFError, ...
        raise _fail("broken_zip") from None
    if len(out) > declared or len(out) > SMALL_MEMBER_BYTES:
        raise _fail("zip_bomb")
    return out


def _parse_small(blob: bytes):
    try:
        return etree.fromstring(blob, _SAFE_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _check_package(zf: zipfile.ZipFile) -> PackageInfo:
    names = {n.lower(): n for n in zf.namelist()}

    # Other formats that are zips too.
    if "mimetype" in names and "[content_types].xml" not in names:
        mt = _read_small(zf, names["mimetype"])
        if b"opendocument" in mt:
            raise ReadError(MSG["odt"], "not_word")
    if any(n.endswith("vbaproject.bin") for n in names):
        raise _fail("macro")
    if "[content_types].xml" not in names:
        raise _fail("not_word")

    ct_root = _parse_small(_read_small(zf, names["[content_types].xml"]))
    if ct_root is None:
        raise _fail("not_word")
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for el in ct_root:
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        ctype = (el.get("ContentType") or "").strip()
        if local == "Default" and el.get("Extension"):
            defaults[el.get("Extension").lower()] = ctype
        elif local == "Override" and el.get("PartName"):
            overrides[el.get("PartName").lstrip("/").lower()] = ctype

    def content_type(member_lower: str) -> str:
        if member_lower in overrides:
            return overrides[member_lower]
        ext = posixpath.splitext(member_lower)[1].lstrip(".")
        return defaults.get(ext, "")

    if any(ct in MACRO_MAIN_TYPES for ct in overrides.values()) or any(
            ct in MACRO_MAIN_TYPES for ct in defaults.values()):
        raise _fail("macro")

    # Main part: the officeDocument relationship of _rels/.rels ...
    is_strict = False
    main = None
    rels_blob = _read_small(zf, names["_rels/.rels"]) if "_rels/.rels" in names else b""
    is_strict = STRICT_MARK in rels_blob
    rels_root = _parse_small(rels_blob) if rels_blob else None
    if rels_root is not None:
        for rel in rels_root:
            if not isinstance(rel.tag, str):
                continue
            if (rel.get("Type") or "").strip() in (RT_OFFICE_DOCUMENT, RT_OFFICE_DOCUMENT_STRICT) \
                    and (rel.get("TargetMode") or "Internal") != "External":
                target = posixpath.normpath("/" + (rel.get("Target") or "").strip()).lstrip("/")
                if target.lower() in names:
                    main = target.lower()
                    break
    main_rel_missing = main is None
    # ... or else the part whose content type says it is the main document.
    if main is None:
        for member in names:
            if content_type(member) in WORD_MAIN_TYPES:
                main = member
                break
    if main is None:
        # Tell Excel / PowerPoint files apart for a clearer message.
        all_types = " ".join(list(overrides.values()) + list(defaults.values()))
        if "spreadsheetml" in all_types:
            raise ReadError(MSG["excel"], "not_word")
        if "presentationml" in all_types:
            raise ReadError(MSG["powerpoint"], "not_word")
        raise _fail("not_word")
    ctype = content_type(main)
    if ctype in MACRO_MAIN_TYPES:
        raise _fail("macro")
    if ctype not in WORD_MAIN_TYPES:
        if "spreadsheetml" in ctype:
            raise ReadError(MSG["excel"], "not_word")
        if "presentationml" in ctype:
            raise ReadError(MSG["powerpoint"], "not_word")
        raise _fail("not_word")
    if not is_strict:
        # Strict main parts use the purl.oclc.org WordprocessingML namespace.
        head = _read_head(zf, names[main])
        is_strict = b"http://purl.oclc.org/ooxml/wordprocessingml/main" in head
    return PackageInfo(zip=zf, main_part=names[main], main_content_type=ctype,
                       is_template=(ctype == CT_TEMPLATE), is_strict=is_strict,
                       main_rel_missing=main_rel_missing, names=names)


def _read_head(zf: zipfile.ZipFile, member: str, size: int = 4096) -> bytes:
    try:
        with zf.open(_unchecked(zf, member)) as f:
            return f.read(size)
    except Exception:
        raise _fail("broken_zip") from None


# --- 4. inflate everything, bounded ----------------------------------------------------
def verify_members(zf: zipfile.ZipFile, chunk: int = CHUNK) -> dict[str, bytes]:
    """Inflate every member in ``chunk``-sized reads and return ``{name: bytes}``.

    Each member may produce at most its declared size (already checked against the
    limits by :func:`preflight`): reading goes one byte past it, so a header that lies
    about the size is caught as soon as the real data overflows it (``zip_bomb``), and a
    bad CRC or a truncated stream is caught at the end (``broken_zip``). Memory stays
    bounded by the declared total (≤ :data:`MAX_TOTAL_BYTES`) plus one chunk.
    """
    out: dict[str, bytes] = {}
    total = 0
    for info in zf.infolist():
        if info.is_dir():
            continue
        declared = info.file_size
        probe = _unchecked(zf, info)
        parts: list[bytes] = []
        seen = 0
        crc = 0
        try:
            with zf.open(probe) as f:
                while True:
                    block = f.read(chunk)
                    if not block:
                        break
                    seen += len(block)
                    if seen > declared or seen > MAX_MEMBER_BYTES:
                        raise _fail("zip_bomb")
                    crc = zlib.crc32(block, crc)
                    parts.append(block)
        except ReadError:
            raise
        except Exception:   # BadZipFile, zlib.error, EOFError, ...
            raise _fail("broken_zip") from None
        if seen != declared or crc != info.CRC:
            raise _fail("broken_zip")            # truncated member or bad CRC
        total += seen
        if total > MAX_TOTAL_BYTES:
            raise _fail("zip_bomb")
        out[info.filename] = b"".join(parts)
    return out
