"""The client's exception classes, raised where its documentation says: they key on the engine's codes,
kinds and message texts, so a pass here means our errors carry them exactly."""

import pytest
from prisma import errors

from support import q


def test_unique_violation(db) -> None:
    q(db.user.create(data={'email': 'dup@x.dev', 'name': 'A'}))
    with pytest.raises(errors.UniqueViolationError) as raised:
        q(db.user.create(data={'email': 'dup@x.dev', 'name': 'B'}))
    assert 'Unique constraint failed' in str(raised.value)
    assert q(db.user.count()) == 1


def test_foreign_key_violation(db) -> None:
    with pytest.raises(errors.ForeignKeyViolationError) as raised:
        q(db.post.create(data={'title': 't', 'authorId': 'no-such-user'}))
    assert 'foreign key constraint failed on the field' in str(raised.value).lower()
    assert q(db.post.count()) == 0


def test_record_not_found(db) -> None:
    with pytest.raises(errors.RecordNotFoundError):
        q(db.user.find_unique_or_raise(where={'email': 'none@x.dev'}))
    with pytest.raises(errors.RecordNotFoundError):
        q(db.user.find_first_or_raise(where={'name': 'nobody'}))
    # A nested connect to a missing record: P2025, and nothing was written.
    with pytest.raises(errors.RecordNotFoundError) as raised:
        q(db.post.create(data={'title': 't', 'author': {'connect': {'id': 'missing'}}}))
    assert 'depends on one or more records that were required but not found' in str(raised.value)
    assert q(db.post.count()) == 0


def test_missing_required_value(db) -> None:
    with pytest.raises(errors.MissingRequiredValueError) as raised:
        q(db.user.create(data={'email': 'x@x.dev'}))  # type: ignore[typeddict-item]
    assert 'name' in str(raised.value)
    assert q(db.user.count()) == 0


def test_field_not_found(db) -> None:
    with pytest.raises(errors.FieldNotFoundError) as raised:
        q(db.user.create(data={'email': 'x@x.dev', 'name': 'n', 'foo': 1}))  # type: ignore[typeddict-unknown-key]
    assert 'data.foo' in str(raised.value)
    with pytest.raises(errors.FieldNotFoundError) as raised:
        q(db.post.find_many(where={'author': {'is': {'foo': 1}}}))  # type: ignore[typeddict-unknown-key]
    assert 'where.author.is.foo' in str(raised.value)


def test_nested_write_is_atomic(db) -> None:
    q(db.user.create(data={'email': 'taken@x.dev', 'name': 'T'}))
    with pytest.raises(errors.UniqueViolationError):
        q(db.category.create(data={'name': 'c', 'posts': {'create': [
            {'title': 'ok', 'author': {'create': {'email': 'fresh@x.dev', 'name': 'F'}}},
            {'title': 'clash', 'author': {'create': {'email': 'taken@x.dev', 'name': 'T2'}}},
        ]}}))
    assert q(db.category.count()) == 0
    assert q(db.post.count()) == 0
    assert q(db.user.count()) == 1


def test_the_engine_keeps_serving_after_errors(db) -> None:
    for _ in range(3):
        with pytest.raises(errors.UniqueViolationError):
            q(db.user.create(data={'email': 'same@x.dev', 'name': 'S'}))
            q(db.user.create(data={'email': 'same@x.dev', 'name': 'S'}))
        q(db.user.delete_many())
    assert q(db.user.count()) == 0
