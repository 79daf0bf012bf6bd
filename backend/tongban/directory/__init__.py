from tongban.directory import routes

__all__ = ["routes"]
