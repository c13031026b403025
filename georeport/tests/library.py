"""The `georeport` client library from PyPI (requirements.txt), loaded under
another name: its package is also called `georeport`, and the project's app of
that name comes first on the path."""

import importlib.metadata
import importlib.util
import sys

NAME = "georeport_client"


def load():
    if NAME in sys.modules:
        return sys.modules[NAME]
    init = importlib.metadata.distribution("georeport").locate_file("georeport/__init__.py")
    spec = importlib.util.spec_from_file_location(NAME, init, submodule_search_locations=[str(init.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[NAME] = module
    spec.loader.exec_module(module)
    return module


GeoReport = load().GeoReport
