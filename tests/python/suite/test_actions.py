"""Every action the generated client exposes, with the arguments its types offer."""

import datetime
from decimal import Decimal

import pytest
from prisma import Json
from prisma.fields import Base64

from support import PROVIDER, q


def make_users(db, *specs):
    return [q(db.user.create(data={'email': email, 'name': name, 'age': age})) for email, name, age in specs]


def test_find_actions(db) -> None:
    alice, bob = make_users(db, ('alice@x.dev', 'Alice', 30), ('bob@x.dev', 'Bob', None))
    assert q(db.user.find_unique(where={'email': 'alice@x.dev'})) == alice
    assert q(db.user.find_unique(where={'id': bob.id})) == bob
    assert q(db.user.find_unique(where={'email': 'nobody@x.dev'})) is None
    assert q(db.user.find_unique_or_raise(where={'id': alice.id})).name == 'Alice'
    assert q(db.user.find_first(where={'age': None})) == bob
    assert q(db.user.find_first(where={'name': 'Carol'})) is None
    assert q(db.user.find_first_or_raise(order={'email': 'desc'})) == bob
    assert [u.name for u in q(db.user.find_many(order={'name': 'asc'}))] == ['Alice', 'Bob']


def test_scalar_filters(db) -> None:
    make_users(db, ('a@x.dev', 'Ann', 20), ('b@x.dev', 'Ben', 30), ('c@x.dev', 'cara', 40), ('d@x.dev', 'Dan', None))

    def names(where):
        return sorted(u.name for u in q(db.user.find_many(where=where)))

    assert names({'age': 30}) == ['Ben']
    assert names({'age': {'equals': 30}}) == ['Ben']
    assert names({'age': {'not': 30}}) == ['Ann', 'cara']
    assert names({'age': {'in': [20, 40]}}) == ['Ann', 'cara']
    assert names({'age': {'not_in': [20, 40]}}) == ['Ben']
    assert names({'age': {'lt': 30}}) == ['Ann']
    assert names({'age': {'lte': 30}}) == ['Ann', 'Ben']
    assert names({'age': {'gt': 30}}) == ['cara']
    assert names({'age': {'gte': 30}}) == ['Ben', 'cara']
    assert names({'age': None}) == ['Dan']
    assert names({'NOT': [{'age': None}]}) == ['Ann', 'Ben', 'cara']
    assert names({'name': {'contains': 'a'}}) == (['Ann', 'Dan', 'cara'] if PROVIDER == 'sqlite' else ['Dan', 'cara'])
    assert names({'name': {'startswith': 'B'}}) == ['Ben']
    assert names({'name': {'endswith': 'n'}}) == ['Ann', 'Ben', 'Dan']
    assert names({'OR': [{'age': 20}, {'name': 'Dan'}]}) == ['Ann', 'Dan']
    assert names({'AND': [{'age': {'gt': 10}}, {'age': {'lt': 35}}]}) == ['Ann', 'Ben']
    assert names({'NOT': {'name': 'Ann'}, 'age': {'not': None}}) == ['Ben', 'cara']
    if PROVIDER == 'postgresql':
        assert names({'name': {'contains': 'A', 'mode': 'insensitive'}}) == ['Ann', 'Dan', 'cara']
        assert names({'name': {'equals': 'CARA', 'mode': 'insensitive'}}) == ['cara']


def test_relation_filters_and_includes(db) -> None:
    alice, bob, carol = make_users(db, ('a@x.dev', 'Alice', 1), ('b@x.dev', 'Bob', 2), ('c@x.dev', 'Carol', 3))
    for title, author, published, views in [('A1', alice, True, 5), ('A2', alice, False, 1), ('B1', bob, True, 7)]:
        q(db.post.create(data={'title': title, 'published': published, 'views': views,
                               'author': {'connect': {'id': author.id}}}))
    q(db.profile.create(data={'bio': 'hi', 'user': {'connect': {'id': carol.id}}}))

    def names(where):
        return sorted(u.name for u in q(db.user.find_many(where=where)))

    assert names({'posts': {'some': {'published': False}}}) == ['Alice']
    assert names({'posts': {'every': {'published': True}}}) == ['Bob', 'Carol']
    assert names({'posts': {'none': {}}}) == ['Carol']
    assert names({'profile': {'is': {'bio': 'hi'}}}) == ['Carol']
    assert names({'profile': {'is_not': None}}) == ['Carol']
    assert sorted(p.title for p in q(db.post.find_many(where={'author': {'is': {'name': 'Alice'}}}))) == ['A1', 'A2']

    users = q(db.user.find_many(
        order={'name': 'asc'},
        include={'profile': True, 'posts': {'where': {'published': True}, 'order_by': {'views': 'desc'}, 'take': 1}},
    ))
    assert [(u.name, [p.title for p in u.posts]) for u in users] == [('Alice', ['A1']), ('Bob', ['B1']), ('Carol', [])]
    assert users[2].profile is not None and users[2].profile.bio == 'hi'
    assert users[0].profile is None

    post = q(db.post.find_first(where={'title': 'B1'}, include={'author': {'include': {'posts': True}}}))
    assert post.author.name == 'Bob' and [p.title for p in post.author.posts] == ['B1']


def test_pagination_order_distinct(db) -> None:
    users = make_users(db, *[(f'u{i}@x.dev', f'name{i % 3}', i) for i in range(9)])
    by_age = q(db.user.find_many(order={'age': 'asc'}))
    assert [u.age for u in by_age] == list(range(9))
    assert [u.age for u in q(db.user.find_many(order={'age': 'desc'}, take=2))] == [8, 7]
    assert [u.age for u in q(db.user.find_many(order={'age': 'asc'}, skip=7))] == [7, 8]
    page = q(db.user.find_many(order={'age': 'asc'}, cursor={'id': users[4].id}, take=3))
    assert [u.age for u in page] == [4, 5, 6]
    page = q(db.user.find_many(order={'age': 'asc'}, cursor={'id': users[4].id}, take=2, skip=1))
    assert [u.age for u in page] == [5, 6]
    assert [u.age for u in q(db.user.find_many(order=[{'name': 'asc'}, {'age': 'desc'}], take=3))] == [6, 3, 0]
    distinct = q(db.user.find_many(distinct=['name'], order={'age': 'asc'}))
    assert [(u.name, u.age) for u in distinct] == [('name0', 0), ('name1', 1), ('name2', 2)]


def test_create_update_delete(db) -> None:
    user = q(db.user.create(data={'email': 'e@x.dev', 'name': 'Eve'}))
    assert user.age is None and user.createdAt <= user.updatedAt
    before = user.updatedAt
    updated = q(db.user.update(where={'id': user.id}, data={'name': 'Eve 2', 'age': 10}))
    assert (updated.name, updated.age) == ('Eve 2', 10)
    if PROVIDER == 'postgresql':
        assert user.role == 'USER'
        assert q(db.user.update(where={'id': user.id}, data={'role': 'ADMIN'})).role == 'ADMIN'
        assert q(db.user.count(where={'role': {'in': ['ADMIN']}})) == 1
    assert updated.updatedAt >= before
    for op, expected in [({'increment': 5}, 15), ({'decrement': 3}, 12), ({'multiply': 2}, 24), ({'divide': 5}, 4),
                         ({'set': 7}, 7)]:
        assert q(db.user.update(where={'id': user.id}, data={'age': op})).age == expected
    assert q(db.user.update(where={'id': 'missing'}, data={'name': 'x'})) is None
    assert q(db.user.delete(where={'id': 'missing'})) is None
    assert q(db.user.delete(where={'id': user.id})).email == 'e@x.dev'
    assert q(db.user.count()) == 0


def test_many_actions_and_count(db) -> None:
    created = q(db.user.create_many(data=[{'email': f'm{i}@x.dev', 'name': 'M', 'age': i} for i in range(5)]))
    assert created == 5
    if PROVIDER == 'postgresql':
        again = q(db.user.create_many(data=[{'email': 'm0@x.dev', 'name': 'M'}, {'email': 'new@x.dev', 'name': 'N'}],
                                      skip_duplicates=True))
        assert again == 1
    assert q(db.user.count()) == (6 if PROVIDER == 'postgresql' else 5)
    assert q(db.user.count(where={'age': {'gte': 3}})) == 2
    assert q(db.user.update_many(where={'age': {'lt': 2}}, data={'name': 'young'})) == 2
    assert q(db.user.count(where={'name': 'young'})) == 2
    assert q(db.user.delete_many(where={'name': 'young'})) == 2
    assert q(db.user.delete_many()) == (4 if PROVIDER == 'postgresql' else 3)


def test_upsert(db) -> None:
    created = q(db.user.upsert(where={'email': 'u@x.dev'},
                               data={'create': {'email': 'u@x.dev', 'name': 'new'}, 'update': {'name': 'updated'}}))
    assert created.name == 'new'
    updated = q(db.user.upsert(where={'email': 'u@x.dev'},
                               data={'create': {'email': 'u@x.dev', 'name': 'new'}, 'update': {'name': 'updated'}}))
    assert (updated.id, updated.name) == (created.id, 'updated')
    assert q(db.user.count()) == 1


def test_nested_writes(db) -> None:
    cat = q(db.category.create(data={'name': 'rust'}))
    user = q(db.user.create(
        data={
            'email': 'n@x.dev',
            'name': 'N',
            'profile': {'create': {'bio': 'bio'}},
            'posts': {'create': [{'title': 'p1', 'categories': {'connect': [{'id': cat.id}]}}, {'title': 'p2'}]},
        },
        include={'posts': {'include': {'categories': True}}, 'profile': True},
    ))
    assert user.profile.bio == 'bio'
    assert sorted(p.title for p in user.posts) == ['p1', 'p2']
    p1 = next(p for p in user.posts if p.title == 'p1')
    assert [c.name for c in p1.categories] == ['rust']

    post = q(db.post.create(data={
        'title': 'p3',
        'author': {'connect': {'email': 'n@x.dev'}},
        'categories': {'connect_or_create': [{'where': {'name': 'python'}, 'create': {'name': 'python'}},
                                             {'where': {'name': 'rust'}, 'create': {'name': 'rust'}}]},
    }, include={'categories': True}))
    assert sorted(c.name for c in post.categories) == ['python', 'rust']
    assert q(db.category.count()) == 2

    post = q(db.post.update(where={'id': post.id}, data={'categories': {'set': [{'name': 'python'}]}},
                            include={'categories': True}))
    assert [c.name for c in post.categories] == ['python']
    post = q(db.post.update(where={'id': post.id}, data={'categories': {'disconnect': [{'name': 'python'}]}},
                            include={'categories': True}))
    assert post.categories == []

    user = q(db.user.update(where={'id': user.id}, data={
        'posts': {'delete': [{'id': p1.id}]},
        'profile': {'delete': True},
    }, include={'posts': True, 'profile': True}))
    assert user.profile is None
    assert sorted(p.title for p in user.posts) == ['p2', 'p3']

    # Unchecked input: the foreign key scalar written directly.
    post = q(db.post.create(data={'title': 'fk', 'authorId': user.id}))
    assert post.authorId == user.id


def test_compound_id(db) -> None:
    q(db.pair.create(data={'a': 1, 'b': 'x', 'value': 3}))
    found = q(db.pair.find_unique(where={'a_b': {'a': 1, 'b': 'x'}}))
    assert found is not None and found.value == 3
    q(db.pair.update(where={'a_b': {'a': 1, 'b': 'x'}}, data={'value': {'increment': 1}}))
    assert q(db.pair.find_unique_or_raise(where={'a_b': {'a': 1, 'b': 'x'}})).value == 4


def test_group_by_and_aggregates(db) -> None:
    alice, bob = make_users(db, ('a@x.dev', 'Alice', 1), ('b@x.dev', 'Bob', 2))
    for author, views, rating in [(alice, 1, 1.5), (alice, 3, 2.5), (bob, 10, None)]:
        q(db.post.create(data={'title': 't', 'views': views, 'rating': rating, 'authorId': author.id}))
    groups = q(db.post.group_by(
        ['authorId'], sum={'views': True}, avg={'rating': True}, min={'views': True}, max={'views': True},
        count=True, order={'authorId': 'asc'},
    ))
    by_author = {g['authorId']: g for g in groups}
    assert by_author[alice.id]['_sum']['views'] == 4
    assert by_author[alice.id]['_avg']['rating'] == 2.0
    assert by_author[alice.id]['_min']['views'] == 1 and by_author[alice.id]['_max']['views'] == 3
    assert by_author[alice.id]['_count']['_all'] == 2
    assert by_author[bob.id]['_avg']['rating'] is None
    having = q(db.post.group_by(['authorId'], sum={'views': True}, having={'views': {'_sum': {'gt': 5}}}))
    assert [g['authorId'] for g in having] == [bob.id]
    limited = q(db.post.group_by(['authorId'], order={'authorId': 'asc'}, take=1, skip=1))
    assert len(limited) == 1
    counts = q(db.post.count(select={'_all': True, 'rating': True}))
    assert counts == {'_all': 3, 'rating': 2}


def test_scalar_types_round_trip(db) -> None:
    when = datetime.datetime(2024, 2, 29, 12, 30, 15, 123000, tzinfo=datetime.timezone.utc)
    data = {
        'text': "quote ' backslash \\ emoji 🦀 rtl \u05e9\u05dc\u05d5\u05dd '; DROP TABLE \"User\"; --",
        'big': 2**62,
        'ratio': 1.25e-7,
        'amount': Decimal('12345.6789'),
        'flag': True,
        'moment': when,
        'blob': Base64.encode(b'\x00\x01binary\xff'),
    }
    if PROVIDER == 'postgresql':
        data['doc'] = Json({'nested': [1, 2.5, 'three', None, {'k': True}]})
        data['tags'] = ['a', 'b']
    row = q(db.types.create(data=data))
    again = q(db.types.find_unique_or_raise(where={'id': row.id}))
    for found in (row, again):
        assert found.text == data['text']
        assert found.big == 2**62
        assert found.ratio == 1.25e-7
        assert found.amount == Decimal('12345.6789')
        assert found.flag is True
        assert found.moment == when
        assert found.blob.decode() == b'\x00\x01binary\xff'
        if PROVIDER == 'postgresql':
            assert found.doc == {'nested': [1, 2.5, 'three', None, {'k': True}]}
            assert found.tags == ['a', 'b']
    assert q(db.types.find_first(where={'text': data['text']})).id == row.id
    assert q(db.types.count(where={'moment': {'gt': when - datetime.timedelta(seconds=1)}})) == 1
    assert q(db.types.count(where={'big': {'gte': 2**62}})) == 1
    if PROVIDER == 'postgresql':
        pushed = q(db.types.update(where={'id': row.id}, data={'tags': {'push': ['c']}}))
        assert pushed.tags == ['a', 'b', 'c']
        assert q(db.types.count(where={'tags': {'has': 'c'}})) == 1
        assert q(db.types.count(where={'tags': {'has_every': ['a', 'c']}})) == 1
        assert q(db.types.count(where={'tags': {'has_some': ['z']}})) == 0
        assert q(db.types.count(where={'tags': {'is_empty': True}})) == 0
        assert q(db.types.count(where={'doc': {'equals': Json({'nested': [1, 2.5, 'three', None, {'k': True}]})}})) == 1
