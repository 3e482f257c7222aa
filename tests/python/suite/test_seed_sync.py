"""The seed document's examples, verbatim but for `await`, with the sync client (`interface = "sync"`)."""

from prisma import Prisma
from prisma.models import User


def run(result):
    return result


def reset(db: Prisma) -> None:
    db.post.delete_many()
    db.user.delete_many()


def test_create_with_prisma_client() -> None:
    def main() -> None:
        prisma = Prisma()
        prisma.connect()
        reset(prisma)

        # write your queries here
        user = prisma.user.create(
            data={
                'name': 'Robert',
                'email': 'robert@craigie.dev'
            },
        )

        assert user.id > 0
        assert user.name == 'Robert'
        assert user.email == 'robert@craigie.dev'
        assert prisma.user.count() == 1
        prisma.disconnect()

    run(main())


def test_create_with_auto_register() -> None:
    def main() -> None:
        db = Prisma(auto_register=True)
        db.connect()
        reset(db)

        # write your queries here
        user = User.prisma().create(
            data={
                'name': 'Robert',
                'email': 'robert@craigie.dev'
            },
        )

        assert user.email == 'robert@craigie.dev'
        found = User.prisma().find_unique(where={'email': 'robert@craigie.dev'})
        assert found == user
        db.disconnect()

    run(main())


def test_query_examples() -> None:
    def main() -> None:
        db = Prisma()
        db.connect()
        reset(db)

        user = db.user.create(
            data={
                'name': 'Robert',
                'email': 'robert@craigie.dev',
                'posts': {
                    'create': {
                        'title': 'My first post from Prisma!',
                    },
                },
            },
        )
        db.post.create(data={'title': 'Other', 'content': 'all about prisma'})
        db.post.create(data={'title': 'Unrelated'})

        users = db.user.find_many()
        assert [u.email for u in users] == ['robert@craigie.dev']
        assert users[0].posts is None

        users = db.user.find_many(
            include={
                'posts': True,
            },
        )
        assert users[0].posts is not None
        assert [p.title for p in users[0].posts] == ['My first post from Prisma!']
        assert users[0].posts[0].author_id == user.id

        posts = db.post.find_many(
            where={
                'OR': [
                    {'title': {'contains': 'prisma'}},
                    {'content': {'contains': 'prisma'}},
                ]
            }
        )
        # SQLite's LIKE ignores ASCII case, PostgreSQL's does not: Prisma's semantics, kept.
        titles = sorted(p.title for p in posts)
        if db._active_provider == 'sqlite':
            assert titles == ['My first post from Prisma!', 'Other']
        else:
            assert titles == ['Other']

        post_id = users[0].posts[0].id
        post = db.post.update(
            where={
                'id': post_id,
            },
            data={
                'views': {
                    'increment': 1,
                },
            },
        )
        assert post is not None
        assert post.views == 1
        post = db.post.update(where={'id': post_id}, data={'views': {'increment': 1}})
        assert post is not None and post.views == 2
        db.disconnect()

    run(main())


def test_context_managers() -> None:
    def main() -> None:
        db = Prisma()
        db.connect()
        reset(db)
        with db.batch_() as batcher:
            batcher.user.create(data={'email': 'a@x.dev'})
            batcher.user.create(data={'email': 'b@x.dev'})
        assert db.user.count() == 2
        with db.tx() as tx:
            tx.user.create(data={'email': 'c@x.dev'})
        assert db.user.count() == 3
        try:
            with db.tx() as tx:
                tx.user.create(data={'email': 'd@x.dev'})
                raise RuntimeError('roll back')
        except RuntimeError:
            pass
        assert db.user.count() == 3
        db.disconnect()

    run(main())
