from tongban.catalogue import routes

__all__ = ["routes"]
