"""query_raw, query_first and execute_raw with bound parameters."""

from support import PROVIDER, q


def _user_model():
    from prisma.models import User

    return User


def sql(text: str) -> str:
    """The tests write `$1`-style placeholders and quoted identifiers, as PostgreSQL reads them; SQLite gets `?`."""
    if PROVIDER == 'sqlite':
        import re

        return re.sub(r'\$\d+', '?', text)
    return text


def test_query_and_execute_raw(db) -> None:
    hostile = "O'Brien \\ \"; DROP TABLE \"User\"; -- 🦀"
    q(db.user.create(data={'email': 'r@x.dev', 'name': hostile, 'age': 41}))
    q(db.user.create(data={'email': 's@x.dev', 'name': 'S', 'age': 7}))

    rows = q(db.query_raw(sql('SELECT "email", "name", "age" FROM "User" WHERE "name" = $1'), hostile))
    assert rows == [{'email': 'r@x.dev', 'name': hostile, 'age': 41}]

    first = q(db.query_first(sql('SELECT "email" FROM "User" WHERE "age" > $1 ORDER BY "age" ASC'), 5))
    assert first == {'email': 's@x.dev'}
    assert q(db.query_first(sql('SELECT "email" FROM "User" WHERE "age" > $1'), 100)) is None

    changed = q(db.execute_raw(sql('UPDATE "User" SET "age" = "age" + $1 WHERE "age" < $2'), 1, 10))
    assert changed == 1
    assert q(db.user.find_unique_or_raise(where={'email': 's@x.dev'})).age == 8

    typed = q(db.query_raw(sql('SELECT * FROM "User" WHERE "email" = $1'), 'r@x.dev', model=_user_model()))
    assert [(u.email, u.name, u.age) for u in typed] == [('r@x.dev', hostile, 41)]
    assert typed[0].createdAt == q(db.user.find_unique_or_raise(where={'email': 'r@x.dev'})).createdAt
