"""Small helpers shared by the labs tests."""

from carecommons.labs.engine import interpret_json


def run(age: object = 30, **fields: object) -> dict[str, object]:
    """Interpret a case given in the rules' input_format keywords."""
    return interpret_json({"age": age, **fields})
