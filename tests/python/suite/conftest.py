import pytest

from support import q


@pytest.fixture(scope='session')
def client():
    from prisma import Prisma

    db = Prisma()
    q(db.connect())
    yield db
    q(db.disconnect())


@pytest.fixture
def db(client):
    """The connected client over empty tables."""
    for model in (client.profile, client.post, client.category, client.user, client.types, client.pair):
        q(model.delete_many())
    return client
