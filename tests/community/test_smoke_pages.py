import pytest


@pytest.mark.parametrize("path", ["/", "/groups/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_render(client, discussion, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"carecommons" in response.content
