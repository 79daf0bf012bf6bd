from tongban.health import routes

__all__ = ["routes"]
