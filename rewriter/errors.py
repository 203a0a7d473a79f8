"""Errors a user may see. Every message is a clear sentence (French by default) saying
what is wrong and what to do; no user ever sees a traceback."""
from __future__ import annotations


class RewriterError(Exception):
    """Base class. ``str(e)`` is the user-facing message."""


class ReadError(RewriterError):
    """An input could not be read. ``reason`` is a stable machine code
    (encrypted, legacy_doc, macro, not_word, broken_zip, too_big, zip_bomb, empty, strict,
    template, encoding, ...); the message is for people."""

    def __init__(self, message: str, reason: str = "unreadable"):
        super().__init__(message)
        self.reason = reason


class RuleFileError(RewriterError):
    """One or more rule files are broken. ``problems`` holds ``path:line: what — how`` lines."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class ConfigError(RewriterError):
    """A configuration file or a command-line option is wrong."""
