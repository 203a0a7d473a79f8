"""Storage (SQLAlchemy 2): SQLite by default, PostgreSQL by URL.

Three tables:

* ``reviews``   one uploaded letter: unguessable id, dates, file name, the original bytes,
                language, the JSON report and the paragraph texts (for display). Deleted
                when ``expires_at`` is past (``rewriter purge``, or the app's opportunistic
                purge).
* ``decisions`` accepted / refused findings of a review (deleted with the review).
* ``feedback``  one row per decision: rule id, language, decision, date — and NO letter
                text. Kept for rule statistics.

``meta`` holds the time of the last purge, so that several processes purge at most once
per interval between them (a conditional UPDATE is the lock).

Rule management (see :mod:`webapp.orgpack`, :mod:`webapp.auth`):

* ``rule_shown``        how often each rule was shown in a report, per UTC day (a counter:
                        rule, language, day, n — no text, no link to a letter).
* ``editors``           editor accounts: name, password hash (werkzeug), dates.
* ``org_pack_versions`` the organisation pack, one row per saved version: its data (terms,
                        changes to bundled rules), the generated YAML per language, and the
                        change that produced it (who, when, what, before/after) — the
                        history. Only validated versions are stored; the highest is active.
* ``login_failures``    recent failed log-ins per name (throttling), no password.

Web processes keep nothing in memory between requests: everything is here.
"""
from __future__ import annotations

import json
import secrets
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary,
                        String, Text, create_engine, delete, event, func, insert, select,
                        update)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

DECISIONS = ("accepted", "refused")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _aware(d: datetime) -> datetime:
    """SQLite returns naive datetimes: they are UTC."""
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(16))           # docx | txt
    original: Mapped[bytes] = mapped_column(LargeBinary)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    report_json: Mapped[str] = mapped_column(Text)            # one files[] entry (contract)
    document_json: Mapped[str] = mapped_column(Text)          # paragraphs + finding keys

    @property
    def report(self) -> dict:
        return json.loads(self.report_json)

    @property
    def document(self) -> dict:
        return json.loads(self.document_json)


class Decision(Base):
    __tablename__ = "decisions"
    review_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    finding_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    decision: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Feedback(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule: Mapped[str] = mapped_column(String(255), index=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    decision: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RuleShown(Base):
    __tablename__ = "rule_shown"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    rule: Mapped[str] = mapped_column(String(255), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)   # "" when unknown
    n: Mapped[int] = mapped_column(Integer, default=0)


class Editor(Base):
    __tablename__ = "editors"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class OrgPackVersion(Base):
    __tablename__ = "org_pack_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(32))       # term_add, term_edit, rule_set…
    target: Mapped[str] = mapped_column(String(255))      # term or rule id
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    data: Mapped[dict] = mapped_column(JSON)              # the whole pack (webapp.orgpack)
    yaml_fr: Mapped[str] = mapped_column(Text)
    yaml_en: Mapped[str] = mapped_column(Text)


class LoginFailure(Base):
    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- engine -------------------------------------------------------------------------------
def make_engine(url: str) -> Engine:
    kw: dict = {"future": True}
    if url.startswith("sqlite"):
        kw["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kw.update(pool_pre_ping=True, pool_size=5, max_overflow=10)
    eng = create_engine(url, **kw)
    if url.startswith("sqlite"):
        @event.listens_for(eng, "connect")
        def _sqlite_pragmas(dbapi_conn, _rec):  # several processes, one file
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    return eng


def create_schema(engine: Engine) -> None:
    """Create the tables if missing. Several processes may start together: a lost race
    (the other process created a table first) is harmless."""
    for attempt in range(3):
        try:
            Base.metadata.create_all(engine, checkfirst=True)
            return
        except (IntegrityError, ProgrammingError, OperationalError):
            if attempt == 2:
                raise


# --- reviews ------------------------------------------------------------------------------
def new_review_id() -> str:
    return secrets.token_urlsafe(24)


def save_review(engine: Engine, *, filename: str, fmt: str, original: bytes,
                language: str | None, report: dict, document: dict,
                retention_hours: float) -> str:
    now = utcnow()
    rid = new_review_id()
    with Session(engine) as s, s.begin():
        s.add(Review(id=rid, created_at=now, expires_at=now + timedelta(hours=retention_hours),
                     filename=filename[:255], format=fmt, original=original,
                     language=language, report_json=json.dumps(report, ensure_ascii=False),
                     document_json=json.dumps(document, ensure_ascii=False)))
    return rid


def get_review(engine: Engine, rid: str, now: datetime | None = None) -> Review | None:
    """The review, or None when unknown or expired (even if not purged yet)."""
    if not rid or len(rid) > 64:
        return None
    with Session(engine, expire_on_commit=False) as s:
        r = s.get(Review, rid)
        if r is None or _aware(r.expires_at) <= (now or utcnow()):
            return None
        s.expunge(r)
        return r


def delete_review(engine: Engine, rid: str) -> bool:
    with Session(engine) as s, s.begin():
        s.execute(delete(Decision).where(Decision.review_id == rid))
        n = s.execute(delete(Review).where(Review.id == rid)).rowcount
    return bool(n)


def get_decisions(engine: Engine, rid: str) -> dict[str, str]:
    with Session(engine) as s:
        rows = s.execute(select(Decision.finding_key, Decision.decision)
                         .where(Decision.review_id == rid)).all()
    return {k: d for k, d in rows}


def set_decision(engine: Engine, rid: str, key: str, decision: str | None, *,
                 rule: str | None = None, language: str | None = None) -> None:
    """Record (or clear, with ``decision=None``) one decision, and a feedback event."""
    now = utcnow()
    with Session(engine) as s, s.begin():
        s.execute(delete(Decision).where(Decision.review_id == rid,
                                         Decision.finding_key == key))
        if decision is not None:
            if decision not in DECISIONS:
                raise ValueError(decision)
            s.add(Decision(review_id=rid, finding_key=key, decision=decision, decided_at=now))
            if rule:
                s.add(Feedback(rule=rule[:255], language=language, decision=decision, at=now))


def set_decisions(engine: Engine, rid: str, items: list[tuple[str, str | None]],
                  decision: str, language: str | None = None) -> None:
    """Record one decision for several (key, rule) pairs in one transaction."""
    now = utcnow()
    with Session(engine) as s, s.begin():
        for key, rule in items:
            s.execute(delete(Decision).where(Decision.review_id == rid,
                                             Decision.finding_key == key))
            s.add(Decision(review_id=rid, finding_key=key, decision=decision, decided_at=now))
            if rule:
                s.add(Feedback(rule=rule[:255], language=language, decision=decision, at=now))


def rule_stats(engine: Engine) -> dict[str, dict[str, int]]:
    """{rule id: {"accepted": n, "refused": m}} from the feedback events."""
    with Session(engine) as s:
        rows = s.execute(select(Feedback.rule, Feedback.decision, func.count())
                         .group_by(Feedback.rule, Feedback.decision)).all()
    out: dict[str, dict[str, int]] = {}
    for rule, dec, n in rows:
        out.setdefault(rule, {"accepted": 0, "refused": 0})[dec] = n
    return out


# --- purge --------------------------------------------------------------------------------
def purge_expired(engine: Engine, now: datetime | None = None) -> int:
    """Delete expired reviews and their decisions. Returns the number of reviews deleted."""
    now = now or utcnow()
    with Session(engine) as s, s.begin():
        expired = select(Review.id).where(Review.expires_at <= now)
        s.execute(delete(Decision).where(Decision.review_id.in_(expired)))
        n = s.execute(delete(Review).where(Review.expires_at <= now)).rowcount
    return n or 0


def maybe_purge(engine: Engine, every_minutes: float, now: datetime | None = None) -> int | None:
    """Purge if no process did it in the last ``every_minutes``. Returns the count, or None
    when it was not this process's turn. The conditional UPDATE makes it a cross-process
    lock: exactly one process wins each interval."""
    now = now or utcnow()
    limit = now - timedelta(minutes=every_minutes)
    with Session(engine) as s, s.begin():
        won = s.execute(update(Meta).where(Meta.key == "last_purge", Meta.at <= limit)
                        .values(at=now, value={"at": now.isoformat()})).rowcount
        if not won:
            exists = s.execute(select(Meta.key).where(Meta.key == "last_purge")).first()
            if exists:
                return None
    if not won:
        try:
            with Session(engine) as s, s.begin():
                s.execute(insert(Meta).values(key="last_purge", at=now,
                                              value={"at": now.isoformat()}))
        except IntegrityError:
            return None          # another process inserted it first: its turn
    return purge_expired(engine, now)


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {"reviews": s.scalar(select(func.count()).select_from(Review)) or 0,
                "decisions": s.scalar(select(func.count()).select_from(Decision)) or 0,
                "feedback": s.scalar(select(func.count()).select_from(Feedback)) or 0}


# --- rule statistics ------------------------------------------------------------------------
def record_shown(engine: Engine, rules: list[str], language: str | None,
                 now: datetime | None = None) -> None:
    """Count the findings a report showed, per rule (one report = one call). Only rule
    ids and a day: nothing about the letter."""
    if not rules:
        return
    day = (now or utcnow()).date()
    lang = (language or "")[:8]
    tally: dict[str, int] = {}
    for r in rules:
        if r:
            tally[r[:255]] = tally.get(r[:255], 0) + 1
    for attempt in range(3):
        try:
            with Session(engine) as s, s.begin():
                for rule, n in sorted(tally.items()):
                    done = s.execute(update(RuleShown).where(
                        RuleShown.day == day, RuleShown.rule == rule,
                        RuleShown.language == lang).values(n=RuleShown.n + n)).rowcount
                    if not done:
                        s.add(RuleShown(day=day, rule=rule, language=lang, n=n))
            return
        except IntegrityError:      # another process inserted the same row: add again
            if attempt == 2:
                raise


def _as_date(v) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def rule_activity(engine: Engine, since: date | None = None, until: date | None = None
                  ) -> list[tuple[str, date, str, int]]:
    """(rule, day, event, n) with event in shown / accepted / refused, between two UTC
    days (inclusive; None = no bound)."""
    out: list[tuple[str, date, str, int]] = []
    day_col = func.date(Feedback.at)
    q = select(Feedback.rule, day_col, Feedback.decision, func.count())
    if since:
        q = q.where(Feedback.at >= datetime(since.year, since.month, since.day,
                                            tzinfo=timezone.utc))
    if until:
        end = datetime(until.year, until.month, until.day, tzinfo=timezone.utc) + timedelta(days=1)
        q = q.where(Feedback.at < end)
    with Session(engine) as s:
        for rule, d, dec, n in s.execute(q.group_by(Feedback.rule, day_col, Feedback.decision)):
            out.append((rule, _as_date(d), dec, int(n)))
        q2 = select(RuleShown.rule, RuleShown.day, func.sum(RuleShown.n))
        if since:
            q2 = q2.where(RuleShown.day >= since)
        if until:
            q2 = q2.where(RuleShown.day <= until)
        for rule, d, n in s.execute(q2.group_by(RuleShown.rule, RuleShown.day)):
            out.append((rule, _as_date(d), "shown", int(n or 0)))
    return out


# --- editors ----------------------------------------------------------------------------------
def get_editor(engine: Engine, name: str) -> Editor | None:
    with Session(engine, expire_on_commit=False) as s:
        e = s.get(Editor, name)
        if e is not None:
            s.expunge(e)
        return e


def set_editor(engine: Engine, name: str, password_hash: str) -> bool:
    """Create the editor, or change its password. Returns True when created."""
    with Session(engine) as s, s.begin():
        e = s.get(Editor, name)
        if e is None:
            s.add(Editor(name=name, password_hash=password_hash, created_at=utcnow(),
                         active=True))
            return True
        e.password_hash = password_hash
        e.active = True
        return False


def remove_editor(engine: Engine, name: str) -> bool:
    with Session(engine) as s, s.begin():
        return bool(s.execute(delete(Editor).where(Editor.name == name)).rowcount)


def list_editors(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return list(s.scalars(select(Editor.name).order_by(Editor.name)))


def login_failures(engine: Engine, name: str, minutes: float) -> int:
    since = utcnow() - timedelta(minutes=minutes)
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(LoginFailure).where(
            LoginFailure.name == name[:80], LoginFailure.at >= since)) or 0


def add_login_failure(engine: Engine, name: str) -> None:
    now = utcnow()
    with Session(engine) as s, s.begin():
        s.execute(delete(LoginFailure).where(LoginFailure.at < now - timedelta(days=1)))
        s.add(LoginFailure(name=name[:80], at=now))


def clear_login_failures(engine: Engine, name: str) -> None:
    with Session(engine) as s, s.begin():
        s.execute(delete(LoginFailure).where(LoginFailure.name == name[:80]))


# --- organisation pack versions ---------------------------------------------------------------
def latest_pack_version(engine: Engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.max(OrgPackVersion.version))) or 0


def latest_pack_stamp(engine: Engine) -> tuple[int, str]:
    """(highest version, its save time) — what a process compares with what it loaded."""
    with Session(engine) as s:
        row = s.execute(select(OrgPackVersion.version, OrgPackVersion.at)
                        .order_by(OrgPackVersion.version.desc()).limit(1)).first()
    return (row[0], str(row[1])) if row else (0, "")


def get_pack_version(engine: Engine, version: int) -> OrgPackVersion | None:
    if not version:
        return None
    with Session(engine, expire_on_commit=False) as s:
        v = s.get(OrgPackVersion, version)
        if v is not None:
            s.expunge(v)
        return v


def add_pack_version(engine: Engine, version: int, **fields) -> bool:
    """Insert version ``version``; False if another process stored that number first."""
    try:
        with Session(engine) as s, s.begin():
            s.add(OrgPackVersion(version=version, at=utcnow(), **fields))
        return True
    except IntegrityError:
        return False


def pack_history(engine: Engine, limit: int = 200, offset: int = 0) -> list[OrgPackVersion]:
    with Session(engine, expire_on_commit=False) as s:
        rows = list(s.scalars(select(OrgPackVersion).order_by(OrgPackVersion.version.desc())
                              .limit(limit).offset(offset)))
        for r in rows:
            s.expunge(r)
        return rows
