"""The register as data: a controller's whole register of processing in one YAML document.

The format is documented in docs/register-format.md (JSON Schema: docs/register-format.schema.json).
`register_export` writes it, `register_import` reads it back all or nothing; the management
commands `export_register` and `import_register` and the demo call these two and nothing else.
"""

from .errors import Problem, RegisterInvalid
from .exporting import register_document, register_export
from .importing import Existing, register_import

__all__ = [
    "Existing",
    "Problem",
    "RegisterInvalid",
    "register_document",
    "register_export",
    "register_import",
]
