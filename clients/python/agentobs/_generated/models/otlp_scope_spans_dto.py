from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_instrumentation_scope_dto import OtlpInstrumentationScopeDto
    from ..models.otlp_span_dto import OtlpSpanDto


T = TypeVar("T", bound="OtlpScopeSpansDto")


@_attrs_define
class OtlpScopeSpansDto:
    """
    Attributes:
        spans (list['OtlpSpanDto']):
        schema_url (Union[Unset, str]):
        scope (Union[Unset, OtlpInstrumentationScopeDto]):
    """

    spans: list["OtlpSpanDto"]
    schema_url: Union[Unset, str] = UNSET
    scope: Union[Unset, "OtlpInstrumentationScopeDto"] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        spans = []
        for spans_item_data in self.spans:
            spans_item = spans_item_data.to_dict()
            spans.append(spans_item)

        schema_url = self.schema_url

        scope: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "spans": spans,
            }
        )
        if schema_url is not UNSET:
            field_dict["schemaUrl"] = schema_url
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otlp_instrumentation_scope_dto import OtlpInstrumentationScopeDto
        from ..models.otlp_span_dto import OtlpSpanDto

        d = dict(src_dict)
        spans = []
        _spans = d.pop("spans")
        for spans_item_data in _spans:
            spans_item = OtlpSpanDto.from_dict(spans_item_data)

            spans.append(spans_item)

        schema_url = d.pop("schemaUrl", UNSET)

        _scope = d.pop("scope", UNSET)
        scope: Union[Unset, OtlpInstrumentationScopeDto]
        if isinstance(_scope, Unset):
            scope = UNSET
        else:
            scope = OtlpInstrumentationScopeDto.from_dict(_scope)

        otlp_scope_spans_dto = cls(
            spans=spans,
            schema_url=schema_url,
            scope=scope,
        )

        otlp_scope_spans_dto.additional_properties = d
        return otlp_scope_spans_dto

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
