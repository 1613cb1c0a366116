"""Parameters and answers that many operations repeat word for word (the /smart_docs/ alias
repeats every /smart_doc/ operation; every smart-doc item shares its 400/401/403/404) are moved
under `components` once and referenced, so the document an integrator downloads carries each
only once. Nothing is dropped: a reference resolves to exactly the object it replaced."""
import json
import re
from collections import Counter

METHODS = ("get", "post", "put", "patch", "delete")


def _key(node: dict) -> str:
    return json.dumps(node, sort_keys=True, ensure_ascii=False)


def _places(paths: dict):
    """(container, index or key, kind) of every inline parameter and answer."""
    for item in paths.values():
        operations = [item[method] for method in METHODS if method in item]
        for holder in [item, *operations]:
            for index, parameter in enumerate(holder.get("parameters", [])):
                if "$ref" not in parameter:
                    yield holder["parameters"], index, "parameters"
        for operation in operations:
            responses = operation.get("responses", {})
            for status, answer in responses.items():
                if "$ref" not in answer and "links" not in answer:
                    yield responses, status, "responses"


def _name(kind: str, node: dict, place, taken: set) -> str:
    """A readable component name: the parameter's name and place, or the status and the answer's first words."""
    if kind == "parameters":
        base = f"{node['name']}_{node['in']}"
    else:
        schemas = [media.get("schema", {}).get("$ref", "") for media in node.get("content", {}).values()]
        words = re.findall(r"[A-Za-z]+", node.get("description", ""))[:4]
        subject = schemas[0].rsplit("/", 1)[-1] if schemas and schemas[0] else ""
        if subject in ("Error", "ValidationError"):
            subject = ""  # the words say more than the shape every refusal shares
        base = str(place) + subject + "".join(word.capitalize() for word in words[:3])
    name, number = base, 2
    while name in taken:
        name, number = f"{base}{number}", number + 1
    taken.add(name)
    return name


def share_repeats(paths: dict, components: dict) -> None:
    """Replace every parameter and answer that occurs twice or more by a reference (in place)."""
    places = list(_places(paths))
    counts = Counter((kind, _key(holder[place])) for holder, place, kind in places)
    names: dict = {}
    for holder, place, kind in places:
        key = _key(holder[place])
        if counts[(kind, key)] < 2:
            continue
        section = components.setdefault(kind, {})
        if (kind, key) not in names:
            name = _name(kind, holder[place], place, set(section))
            section[name] = holder[place]
            names[(kind, key)] = name
        holder[place] = {"$ref": f"#/components/{kind}/{names[(kind, key)]}"}
