"""The demo: the five seed controllers (shared/seeds/) and the portal's own operator as register
files in `registers/`, loaded through the register importer, plus two staff accounts.

Installed by the local and test settings only: production has no `load_demo`.
"""
