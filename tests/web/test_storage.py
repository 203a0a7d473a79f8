"""Storage against SQLite AND a real PostgreSQL server started by the tests."""
from __future__ import annotations

from datetime import timedelta

import pytest

from .conftest import JARGON_TEXT, csrf_token, review_id, upload_text

pytest.importorskip("sqlalchemy")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def engine(db_url):
    from webapp import storage
    eng = storage.make_engine(db_url)
    storage.Base.metadata.drop_all(eng)
    storage.create_schema(eng)
    storage.create_schema(eng)                    # idempotent (several processes start)
    yield eng
    eng.dispose()


def _save(engine, hours=24.0, **kw):
    from webapp import storage
    return storage.save_review(engine, filename=kw.get("filename", "l.txt"), fmt="txt",
                               original=b"Bonjour\x00\xff", language="fr",
                               report={"path": "l.txt", "findings": []},
                               document={"paragraphs": [], "keys": []},
                               retention_hours=hours)


def test_review_round_trip(engine):
    from webapp import storage
    rid = _save(engine, filename="Lettre été.txt")
    r = storage.get_review(engine, rid)
    assert r.filename == "Lettre été.txt" and r.original == b"Bonjour\x00\xff"
    assert r.report == {"path": "l.txt", "findings": []}
    assert storage.get_review(engine, "inconnu") is None


def test_ids_are_unguessable(engine):
    ids = {_save(engine) for _ in range(20)}
    assert len(ids) == 20 and all(len(i) == 32 for i in ids)


def test_decisions_and_feedback(engine):
    from webapp import storage
    rid = _save(engine)
    storage.set_decision(engine, rid, "1:0:5:r.a", "accepted", rule="r.a", language="fr")
    storage.set_decision(engine, rid, "1:0:5:r.a", "refused", rule="r.a", language="fr")
    storage.set_decision(engine, rid, "2:0:5:r.b", "accepted", rule="r.b")
    assert storage.get_decisions(engine, rid) == {"1:0:5:r.a": "refused", "2:0:5:r.b": "accepted"}
    storage.set_decision(engine, rid, "2:0:5:r.b", None)
    assert storage.get_decisions(engine, rid) == {"1:0:5:r.a": "refused"}
    storage.set_decisions(engine, rid, [("3:0:1:r.c", "r.c")], "accepted")
    assert storage.rule_stats(engine) == {"r.a": {"accepted": 1, "refused": 1},
                                          "r.b": {"accepted": 1, "refused": 0},
                                          "r.c": {"accepted": 1, "refused": 0}}
    with pytest.raises(ValueError):
        storage.set_decision(engine, rid, "k", "perhaps")


def test_expired_reviews_purged_with_decisions_feedback_kept(engine):
    from webapp import storage
    old = _save(engine, hours=1)
    new = _save(engine, hours=48)
    storage.set_decision(engine, old, "1:0:5:r.a", "accepted", rule="r.a")
    later = storage.utcnow() + timedelta(hours=2)
    assert storage.get_review(engine, old, now=later) is None       # expired = gone
    assert storage.get_review(engine, new, now=later) is not None
    assert storage.purge_expired(engine, now=later) == 1
    c = storage.counts(engine)
    assert c == {"reviews": 1, "decisions": 0, "feedback": 1}


def test_maybe_purge_runs_once_per_interval(engine):
    from webapp import storage
    t0 = storage.utcnow()
    assert storage.maybe_purge(engine, 10, now=t0) == 0              # first: this one purges
    assert storage.maybe_purge(engine, 10, now=t0 + timedelta(minutes=1)) is None
    assert storage.maybe_purge(engine, 10, now=t0 + timedelta(minutes=11)) == 0
    assert storage.maybe_purge(engine, 10, now=t0 + timedelta(minutes=12)) is None


def test_delete_review(engine):
    from webapp import storage
    rid = _save(engine)
    storage.set_decision(engine, rid, "k:1:2:x", "accepted")
    assert storage.delete_review(engine, rid)
    assert storage.counts(engine)["decisions"] == 0


def test_whole_flow_on_the_database(make_app, db_url, engine):
    """The app itself on SQLite and on PostgreSQL: upload, decide, download, purge."""
    app = make_app(DATABASE_URL=db_url)
    c = app.test_client()
    rid = review_id(upload_text(c))
    from webapp import db, storage
    with app.app_context():
        r = storage.get_review(db(app), rid)
    key = next(k for k, f in zip(r.document["keys"], r.report["findings"])
               if f["rule"] == "fr.formule.ci-joint")
    tok = csrf_token(c, f"/rapport/{rid}")
    assert c.post(f"/rapport/{rid}/decision", data={"csrf_token": tok, "key": key,
                                                    "decision": "accepted"}).status_code == 303
    out = c.get(f"/rapport/{rid}/lettre").get_data(as_text=True)
    assert "Vous trouverez avec cette lettre" in out
    # two "processes" (two apps) on one database share the reviews: no state in memory
    other = make_app(DATABASE_URL=db_url).test_client()
    assert other.get(f"/rapport/{rid}").status_code == 200
    assert "acceptée" in other.get(f"/rapport/{rid}").get_data(as_text=True)
    with app.app_context():
        assert storage.purge_expired(db(app), now=storage.utcnow() + timedelta(days=2)) == 1
    assert other.get(f"/rapport/{rid}").status_code == 404
    assert JARGON_TEXT


def test_postgres_url_is_used(pg_url, make_app):
    app = make_app(DATABASE_URL=pg_url)
    from webapp import db
    assert db(app).dialect.name == "postgresql"
