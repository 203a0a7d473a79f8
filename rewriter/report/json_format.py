"""The JSON contract of DESIGN.md §2 (shared by the CLI and the HTTP API)."""
from __future__ import annotations

import json

from ..model import FileReport

VERSION = 1


def to_dict(reports: list[FileReport], notices: list[str] | None = None) -> dict:
    d = {"version": VERSION, "files": [r.to_dict() for r in reports]}
    if notices:
        d["notices"] = list(notices)
    return d


def render(reports: list[FileReport], notices: list[str] | None = None,
           pretty: bool = True) -> str:
    """Indented for people; compact for programs (json's indented encoder is pure Python
    and ten times slower on a report with thousands of findings)."""
    return json.dumps(to_dict(reports, notices), ensure_ascii=False,
                      indent=2 if pretty else None,
                      separators=None if pretty else (",", ":"))
