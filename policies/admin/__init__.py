from . import register, versions  # noqa: F401  (registers the ModelAdmins)
