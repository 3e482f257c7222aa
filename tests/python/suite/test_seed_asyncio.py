"""The seed document's examples, verbatim, with the async client (the document's default)."""

import asyncio

from prisma import Prisma
from prisma.models import User


def run(coro):
    return asyncio.run(coro)


async def reset(db: Prisma) -> None:
    await db.post.delete_many()
    await db.user.delete_many()


def test_create_with_prisma_client() -> None:
    async def main() -> None:
        prisma = Prisma()
        await prisma.connect()
        await reset(prisma)

        # write your queries here
        user = await prisma.user.create(
            data={
                'name': 'Robert',
                'email': 'robert@craigie.dev'
            },
        )

        assert user.id > 0
        assert user.name == 'Robert'
        assert user.email == 'robert@craigie.dev'
        assert await prisma.user.count() == 1
        await prisma.disconnect()

    run(main())


def test_create_with_auto_register() -> None:
    async def main() -> None:
        db = Prisma(auto_register=True)
        await db.connect()
        await reset(db)

        # write your queries here
        user = await User.prisma().create(
            data={
                'name': 'Robert',
                'email': 'robert@craigie.dev'
            },
        )

        assert user.email == 'robert@craigie.dev'
        found = await User.prisma().find_unique(where={'email': 'robert@craigie.dev'})
        assert found == user
        await db.disconnect()

    run(main())


def test_query_examples() -> None:
    async def main() -> None:
        db = Prisma()
        await db.connect()
        await reset(db)

        user = await db.user.create(
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
        await db.post.create(data={'title': 'Other', 'content': 'all about prisma'})
        await db.post.create(data={'title': 'Unrelated'})

        users = await db.user.find_many()
        assert [u.email for u in users] == ['robert@craigie.dev']
        assert users[0].posts is None

        users = await db.user.find_many(
            include={
                'posts': True,
            },
        )
        assert users[0].posts is not None
        assert [p.title for p in users[0].posts] == ['My first post from Prisma!']
        assert users[0].posts[0].author_id == user.id

        posts = await db.post.find_many(
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
        post = await db.post.update(
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
        post = await db.post.update(where={'id': post_id}, data={'views': {'increment': 1}})
        assert post is not None and post.views == 2
        await db.disconnect()

    run(main())


def test_context_managers() -> None:
    async def main() -> None:
        db = Prisma()
        await db.connect()
        await reset(db)
        async with db.batch_() as batcher:
            batcher.user.create(data={'email': 'a@x.dev'})
            batcher.user.create(data={'email': 'b@x.dev'})
        assert await db.user.count() == 2
        async with db.tx() as tx:
            await tx.user.create(data={'email': 'c@x.dev'})
        assert await db.user.count() == 3
        try:
            async with db.tx() as tx:
                await tx.user.create(data={'email': 'd@x.dev'})
                raise RuntimeError('roll back')
        except RuntimeError:
            pass
        assert await db.user.count() == 3
        await db.disconnect()

    run(main())
