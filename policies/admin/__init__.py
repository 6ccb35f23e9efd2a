from . import policies, register, versions  # noqa: F401  (registers the ModelAdmins)
