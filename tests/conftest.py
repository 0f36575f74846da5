"""The suite's fixtures live in tests/fixtures/, one module per kind; this file only loads them for every test."""

pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.factories",
    "tests.fixtures.clients",
    "tests.fixtures.pages",
    "tests.fixtures.fuzzing",
    "tests.fixtures.browsers",
    "tests.fixtures.accessibility",
    "tests.fixtures.mail",
]
