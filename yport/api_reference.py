"""The API reference page (/<lang>/api-reference/, docs/api.md): the OpenAPI schema the API serves, as a page of
the site in the visitor's language, server-rendered, without a script.

Everything on it is read from the schema (``yport.api_urls.openapi_schema``, built once per language and process),
so it cannot drift from what the API does: every operation with its parameters and responses, and every component.
The schema's own descriptions (docstrings, DRF's and drf-spectacular's texts) are English; the models' and filters'
texts are translated. Each text says its language where it is not the page's (``lang``), so that a Japanese page
reads English descriptions as English. Descriptions use the little of CommonMark the schema holds: paragraphs,
bulleted lists and code spans.
"""

import re
from dataclasses import dataclass, field
from http import HTTPStatus

from django.utils.functional import SimpleLazyObject
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext
from django.views.generic import TemplateView

from yport.api_urls import openapi_schema

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
CODE_SPAN = re.compile(r"``(.+?)``|`([^`]+)`")
BULLET = ("* ", "- ")
# Where a parameter goes, in the order the tables list them.
LOCATIONS = ("path", "query", "header", "cookie")


@dataclass(frozen=True)
class Text:
    """A text of the schema as HTML, and its language where that is not the page's ("" when it is). A text of one
    paragraph is ``inline``: a table cell shows it without a paragraph around it (fewer elements on a long page)."""

    html: SafeString
    lang: str = ""
    inline: bool = False


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # the schema's word (path, query, header), for the order
    where: str  # the same in the page's language
    type: SafeString
    required: bool
    allowed: list[SafeString]
    texts: list[Text]


@dataclass(frozen=True)
class Response:
    status: str
    phrase: str
    texts: list[Text]
    media_type: str
    body: SafeString
    fields: list[str]


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    texts: list[Text]
    parameters: list[Parameter]
    responses: list[Response]


@dataclass(frozen=True)
class Field:
    name: str
    type: SafeString
    required: bool
    texts: list[Text]


@dataclass(frozen=True)
class Component:
    anchor: str
    name: str
    type: SafeString
    texts: list[Text]
    fields: list[Field] = field(default_factory=list)


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    texts: list[Text]
    operations: list[Operation]
    components: list[Component]


def component_anchor(name: str) -> str:
    return f"schema-{name}"


def text_language(text: str) -> str:
    return "ja" if JAPANESE.search(text) else "en"


def inline_html(text: str) -> SafeString:
    """``text`` escaped, its code spans (`x` or ``x``) as <code>."""
    parts, position = [], 0
    for match in CODE_SPAN.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html("<code>{}</code>", match.group(1) or match.group(2)))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every part is escaped above


def blocks_html(text: str) -> SafeString:
    """``text`` as paragraphs and bulleted lists (blocks apart by an empty line)."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if all(line.startswith(BULLET) for line in lines):
            items = format_html_join("", "<li>{}</li>", ((inline_html(line[2:]),) for line in lines))
            blocks.append(format_html("<ul>{}</ul>", items))
        else:
            blocks.append(format_html("<p>{}</p>", inline_html(" ".join(lines))))
    return mark_safe("".join(blocks))  # every block is built by format_html


def is_one_paragraph(text: str) -> bool:
    lines = [line.strip() for line in text.strip().splitlines()]
    return all(lines) and not any(line.startswith(BULLET) for line in lines)


def schema_texts(*texts: str | None) -> list[Text]:
    """The schema's texts (a title, a description) that are not empty, each as HTML with its language."""
    page_language = get_language()
    found = []
    for text in texts:
        if text and text.strip():
            language = text_language(text)
            lang = "" if language == page_language else language
            if is_one_paragraph(text):
                found.append(Text(inline_html(" ".join(text.split())), lang, inline=True))
            else:
                found.append(Text(blocks_html(text), lang))
    return found


def with_placeholder(message: str, **values: SafeString) -> SafeString:
    """A translated message with HTML put into its %(name)s placeholders."""
    return mark_safe(escape(message) % values)  # the message escaped, the values HTML built here


def component_name(reference: str) -> str:
    return reference.rsplit("/", 1)[-1]


def referenced(schema: dict) -> str | None:
    """The component a schema is (``$ref``, or an ``allOf`` of one ``$ref``, as drf-spectacular writes a field of a
    component's type), or None."""
    if "$ref" in schema:
        return component_name(schema["$ref"])
    parts = schema.get("allOf", ())
    if len(parts) == 1 and "$ref" in parts[0]:
        return component_name(parts[0]["$ref"])
    return None


def type_html(schema: dict) -> SafeString:
    """A compact type: a link to the component, ``array of …``, ``object whose values are …``, or the type and its
    format; ``… or null`` when it may be null."""
    name = referenced(schema)
    if name is not None:
        html = format_html('<a href="#{}"><code>{}</code></a>', component_anchor(name), name)
    elif schema.get("type") == "array":
        html = with_placeholder(gettext("array of %(items)s"), items=type_html(schema.get("items", {})))
    elif schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
        values = type_html(schema["additionalProperties"])
        html = with_placeholder(gettext("object whose values are %(values)s"), values=values)
    elif "format" in schema:
        html = format_html("<code>{}</code> ({})", schema.get("type", "string"), schema["format"])
    else:
        html = format_html("<code>{}</code>", schema.get("type", "object"))
    if schema.get("nullable"):
        html = with_placeholder(gettext("%(type)s or null"), type=html)
    return html


def allowed_values(schema: dict) -> list[SafeString]:
    """What a parameter's value may be, as the schema says: its values, range, pattern and length."""
    items = schema.get("items", {}) if schema.get("type") == "array" else {}
    allowed = []
    if values := schema.get("enum") or items.get("enum"):
        allowed.append(format_html_join(", ", "<code>{}</code>", ((value,) for value in values)))
    minimum, maximum = (format_html("{}", schema[key]) if key in schema else None for key in ("minimum", "maximum"))
    if minimum is not None and maximum is not None:
        allowed.append(with_placeholder(gettext("%(minimum)s to %(maximum)s"), minimum=minimum, maximum=maximum))
    elif minimum is not None:
        allowed.append(with_placeholder(gettext("at least %(minimum)s"), minimum=minimum))
    elif maximum is not None:
        allowed.append(with_placeholder(gettext("at most %(maximum)s"), maximum=maximum))
    if "pattern" in schema:
        pattern = format_html("<code>{}</code>", schema["pattern"])
        allowed.append(with_placeholder(gettext("matching %(pattern)s"), pattern=pattern))
    if "maxLength" in schema:
        count = format_html("{}", schema["maxLength"])
        allowed.append(with_placeholder(gettext("up to %(count)s characters"), count=count))
    return allowed


def parameter(data: dict, components: dict) -> Parameter:
    schema = data.get("schema", {})
    name = referenced(schema)
    constraints = components.get(name, {}) if name else schema
    return Parameter(
        name=data["name"],
        location=data["in"],
        where=location_label(data["in"]),
        type=type_html(schema),
        required=bool(data.get("required")) or data["in"] == "path",
        allowed=allowed_values(constraints),
        texts=schema_texts(data.get("description")),
    )


def response(status: str, data: dict, components: dict) -> Response:
    texts = schema_texts(data.get("description"))
    content = data.get("content", {})
    media_type = next(iter(content), "")  # the API answers JSON only
    body, fields = mark_safe(""), []
    if media_type:
        schema = content[media_type].get("schema", {})
        body = type_html(schema)
        name = referenced(schema)
        if name is not None:
            fields = list(components.get(name, {}).get("properties", {}))
        else:
            texts += schema_texts(schema.get("description"))
    phrase = HTTPStatus(int(status)).phrase if status.isdigit() else ""
    return Response(status, phrase, texts, media_type, body, fields)


def operation(path: str, method: str, data: dict, components: dict) -> Operation:
    parameters = sorted(
        (parameter(item, components) for item in data.get("parameters", ())),
        key=lambda item: LOCATIONS.index(item.location) if item.location in LOCATIONS else len(LOCATIONS),
    )
    return Operation(
        anchor=f"operation-{data.get('operationId') or method + path}",
        method=method.upper(),
        path=path,
        texts=schema_texts(data.get("summary"), data.get("description")),
        parameters=parameters,
        responses=[response(status, item, components) for status, item in data.get("responses", {}).items()],
    )


def component(name: str, schema: dict) -> Component:
    required = set(schema.get("required", ()))
    fields = [
        Field(
            name=field_name,
            type=type_html(field_schema),
            required=field_name in required,
            texts=schema_texts(field_schema.get("title"), field_schema.get("description")),
        )
        for field_name, field_schema in schema.get("properties", {}).items()
    ]
    texts = schema_texts(schema.get("description"))
    if not texts and schema.get("enum"):
        texts = [Text(with_placeholder(gettext("Values: %(values)s"), values=allowed_values(schema)[0]), inline=True)]
    return Component(component_anchor(name), name, type_html({**schema, "nullable": False}), texts, fields)


def build_reference(schema: dict) -> Reference:
    components = schema.get("components", {}).get("schemas", {})
    info = schema.get("info", {})
    return Reference(
        title=info.get("title", ""),
        version=info.get("version", ""),
        texts=schema_texts(info.get("description")),
        operations=[
            operation(path, method, data, components)
            for path, methods in schema.get("paths", {}).items()
            for method, data in methods.items()
            if isinstance(data, dict) and "responses" in data
        ],
        components=[component(name, item) for name, item in components.items()],
    )


def location_label(location: str) -> str:
    labels = {
        "path": pgettext("API parameter location", "path"),
        "query": pgettext("API parameter location", "query"),
        "header": pgettext("API parameter location", "header"),
        "cookie": pgettext("API parameter location", "cookie"),
    }
    return labels.get(location, location)


class ApiReferenceView(TemplateView):
    """The reference, built from the schema only while the template's cached fragment of it is not there."""

    template_name = "api/reference.html"
    query_parameters = ()

    def get_context_data(self, **kwargs):
        language = get_language()
        reference = SimpleLazyObject(lambda: build_reference(openapi_schema(language)))
        return super().get_context_data(reference=reference, **kwargs)
