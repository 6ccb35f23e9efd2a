"""docs/architecture.md stays true: every file and function it names exists."""

import ast
import re

from django.conf import settings

DOC = settings.BASE_DIR / "docs" / "architecture.md"
NAMED = re.compile(r"`([\w/]+\.py)(?::(\w+))?")


def _defined_names(path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
    }


def test_every_file_and_function_the_map_names_exists():
    named = NAMED.findall(DOC.read_text())
    assert len(named) > 20  # the map names the files of every rule
    missing = []
    for path, name in named:
        if "/" not in path:
            continue  # a file named within a sentence about its folder
        file = settings.BASE_DIR / path
        if not file.exists():
            missing.append(path)
        elif name and name not in _defined_names(file):
            missing.append(f"{path}:{name}")
    assert missing == []
