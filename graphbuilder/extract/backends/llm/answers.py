"""Answer models: what an LLM is asked to return, derived from the domain model.

The domain model carries evidence as character offsets, which a model cannot count. An answer
carries a short verbatim quote per value instead (`Quoted*`: `{"value": ..., "quote": "..."}`);
grounding finds the quote in the report and computes the offsets. Answer models are generated
from the domain classes (`Evidenced[Organ]` → `QuotedOrgan`, `Lesion` → `LesionAnswer`), so a
change in the domain model changes the answer schema with it.

Constraints follow what xgrammar decodes correctly: free text is bounded by a `pattern` and never
by `minLength`/`maxLength` (xgrammar then admits raw control characters, i.e. invalid JSON), and
no `multipleOf` or `uniqueItems`. Lists are bounded so a weak model cannot loop forever.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from graphbuilder.extract.model import Evidenced, StrictModel

# No double quote, backslash or control character: what JSON can hold without escapes, so the
# grammar and pydantic agree. The length bound lives in the pattern (see the module docstring);
# xgrammar 0.2.8 with its compile cache on (as vLLM runs it) fails on bounds above 128.
QUOTE_PATTERN = r'^[^"\\\x00-\x1f]{1,120}$'
TEXT_PATTERN = r'^[^"\\\x00-\x1f]{1,80}$'
MAX_ITEMS = 20

Quote = Annotated[
    str,
    Field(
        pattern=QUOTE_PATTERN,
        description="A short verbatim quote of the report (at most 120 characters, "
        "no double quotes) that states the value.",
    ),
]
ShortText = Annotated[str, Field(pattern=TEXT_PATTERN)]


class AnswerModel(BaseModel):
    """Base of every answer model: extra keys are an error, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class QuotedValue(AnswerModel):
    """Base of the `Quoted*` models: a value and the quote it rests on.

    The quote comes first in the schema, so a model commits to the report's words before it
    states the value they support.
    """

    quote: str


# Derived class → the domain class it mirrors (None for a task's root answer).
_DOMAIN_OF: dict[type[AnswerModel], type[BaseModel] | None] = {}
_ANSWER_OF: dict[type[BaseModel], type[AnswerModel]] = {}
_QUOTED_OF: dict[type[BaseModel], type[QuotedValue]] = {}


def domain_class(answer: type[AnswerModel]) -> type[BaseModel] | None:
    """The domain class an answer model mirrors; None for a task's root answer."""
    return _DOMAIN_OF.get(answer)


def answer_model(domain: type[BaseModel]) -> type[AnswerModel]:
    """The answer model of a domain class (`Lesion` → `LesionAnswer`), built once."""
    if domain not in _ANSWER_OF:
        derived = _derive(domain, f"{domain.__name__}Answer", tuple(domain.model_fields))
        _DOMAIN_OF[derived] = domain
        _ANSWER_OF[domain] = derived
    return _ANSWER_OF[domain]


def root_answer_model(
    domain: type[BaseModel], fields: tuple[str, ...], name: str, doc: str
) -> type[AnswerModel]:
    """A task's answer: some fields of a domain class, each in its answer form."""
    unknown = set(fields) - set(domain.model_fields)
    if unknown:
        raise ValueError(f"{domain.__name__} has no field(s) {sorted(unknown)}")
    derived = _derive(domain, name, fields, doc)
    _DOMAIN_OF[derived] = None
    return derived


def quoted_model(evidenced: type[BaseModel]) -> type[QuotedValue]:
    """`Evidenced[Organ]` → `QuotedOrgan`; `EvidencedLength` → `QuotedLength`."""
    if evidenced not in _QUOTED_OF:
        value_field = evidenced.model_fields["value"]
        value_type = _answer_type(value_field.annotation)
        if value_field.metadata:
            value_type = Annotated[(value_type, *value_field.metadata)]
        name = "Quoted" + _suffix(evidenced)
        doc = "A value and the verbatim quote of the report that states it."
        fields: dict[str, Any] = {"value": (value_type, ...), "quote": (Quote, ...)}
        _QUOTED_OF[evidenced] = create_model(name, __base__=QuotedValue, __doc__=doc, **fields)
    return _QUOTED_OF[evidenced]


def _suffix(evidenced: type[BaseModel]) -> str:
    """`Evidenced[date]` → "Date", `EvidencedLength` → "Length"."""
    name = evidenced.__name__
    if name.startswith("Evidenced[") and name.endswith("]"):
        inner = name[len("Evidenced[") : -1].split(".")[-1]
        return inner[:1].upper() + inner[1:]
    return name.removeprefix("Evidenced") or "Value"


def _derive(
    domain: type[BaseModel], name: str, fields: tuple[str, ...], doc: str | None = None
) -> type[AnswerModel]:
    definitions: dict[str, Any] = {}
    for field_name in fields:
        info = domain.model_fields[field_name]
        definitions[field_name] = (_answer_type(info.annotation), _answer_field(info))
    return create_model(name, __base__=AnswerModel, __doc__=doc or domain.__doc__, **definitions)


def _answer_field(info: FieldInfo) -> Any:
    """The domain field's default and description; lists get an upper bound."""
    is_list = get_origin(info.annotation) is list
    extra: dict[str, Any] = {"max_length": MAX_ITEMS} if is_list else {}
    if info.default_factory is not None:
        return Field(
            default_factory=info.default_factory,
            description=info.description,
            **extra,
        )
    if info.is_required():
        return Field(description=info.description, **extra)
    return Field(default=info.default, description=info.description, **extra)


def _answer_type(annotation: Any) -> Any:
    """A domain annotation in its answer form (recursively)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = tuple(_answer_type(member) for member in get_args(annotation))
        return Union[members]  # noqa: UP007 — built from a runtime tuple
    if origin is list:
        (item,) = get_args(annotation)
        item_type: Any = _answer_type(item)
        return list[item_type]
    if isinstance(annotation, type) and issubclass(annotation, Evidenced):
        return quoted_model(annotation)
    if isinstance(annotation, type) and issubclass(annotation, StrictModel):
        return answer_model(annotation)
    if annotation is str:
        return ShortText
    return annotation
