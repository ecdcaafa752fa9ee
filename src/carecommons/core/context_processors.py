from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    # Not "site_name": Django's own auth views put the request's host under that name.
    return {"brand_name": settings.SITE_NAME}
