"""Tongban (通办): one platform for cross-province and citywide government services."""

from tongban.app import create_app

__all__ = ["create_app"]
__version__ = "0.1.0"
