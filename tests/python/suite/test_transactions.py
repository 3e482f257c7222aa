"""`db.batch_()` and interactive transactions with `db.tx()`: commit, rollback, expiry."""

from datetime import timedelta

import pytest
from prisma import errors

from support import q, sleep


def test_batch_commits_all(db) -> None:
    batcher = db.batch_()
    batcher.user.create(data={'email': 'a@x.dev', 'name': 'A'})
    batcher.user.create(data={'email': 'b@x.dev', 'name': 'B'})
    batcher.user.update_many(where={'name': 'A'}, data={'age': 5})
    q(batcher.commit())
    assert q(db.user.count()) == 2
    assert q(db.user.find_unique_or_raise(where={'email': 'a@x.dev'})).age == 5


def test_failing_batch_writes_nothing(db) -> None:
    batcher = db.batch_()
    batcher.user.create(data={'email': 'a@x.dev', 'name': 'A'})
    batcher.user.create(data={'email': 'a@x.dev', 'name': 'again'})
    with pytest.raises(errors.UniqueViolationError):
        q(batcher.commit())
    assert q(db.user.count()) == 0


def test_transaction_commit_and_rollback(db) -> None:
    manager = db.tx()
    tx = q(manager.start())
    q(tx.user.create(data={'email': 'in@x.dev', 'name': 'In'}))
    assert q(tx.user.count()) == 1
    assert q(db.user.count()) == 0  # not visible outside before commit
    q(manager.commit())
    assert q(db.user.count()) == 1

    manager = db.tx()
    tx = q(manager.start())
    q(tx.user.create(data={'email': 'gone@x.dev', 'name': 'Gone'}))
    q(manager.rollback())
    assert q(db.user.find_unique(where={'email': 'gone@x.dev'})) is None


def test_query_after_commit_is_refused(db) -> None:
    manager = db.tx()
    tx = q(manager.start())
    q(manager.commit())
    with pytest.raises(errors.TransactionExpiredError) as raised:
        q(tx.user.count())
    assert str(raised.value).startswith('Transaction already closed')


def test_transaction_expiry(db) -> None:
    manager = db.tx(timeout=timedelta(milliseconds=200))
    tx = q(manager.start())
    q(tx.user.create(data={'email': 'late@x.dev', 'name': 'Late'}))
    sleep(0.6)
    with pytest.raises(errors.TransactionExpiredError) as raised:
        q(tx.user.count())
    assert 'expired' in str(raised.value)
    assert q(db.user.count()) == 0
