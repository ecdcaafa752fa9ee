from carecommons.accounts import services


def test_block_and_unblock(member, other_member):
    assert services.block(member, other_member)
    assert not services.block(member, other_member)
    assert services.has_blocked(member, other_member)
    assert not services.has_blocked(other_member, member)
    assert services.unblock(member, other_member)
    assert not services.has_blocked(member, other_member)


def test_cannot_block_oneself(member):
    assert not services.block(member, member)
