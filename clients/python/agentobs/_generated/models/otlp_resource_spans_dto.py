from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_resource_dto import OtlpResourceDto
    from ..models.otlp_scope_spans_dto import OtlpScopeSpansDto


T = TypeVar("T", bound="OtlpResourceSpansDto")


@_attrs_define
class OtlpResourceSpansDto:
    """
    Attributes:
        scope_spans (list['OtlpScopeSpansDto']):
        resource (Union[Unset, OtlpResourceDto]):
        schema_url (Union[Unset, str]):
    """

    scope_spans: list["OtlpScopeSpansDto"]
    resource: Union[Unset, "OtlpResourceDto"] = UNSET
    schema_url: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scope_spans = []
        for scope_spans_item_data in self.scope_spans:
            scope_spans_item = scope_spans_item_data.to_dict()
            scope_spans.append(scope_spans_item)

        resource: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.resource, Unset):
            resource = self.resource.to_dict()

        schema_url = self.schema_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scopeSpans": scope_spans,
            }
        )
        if resource is not UNSET:
            field_dict["resource"] = resource
        if schema_url is not UNSET:
            field_dict["schemaUrl"] = schema_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otlp_resource_dto import OtlpResourceDto
        from ..models.otlp_scope_spans_dto import OtlpScopeSpansDto

        d = dict(src_dict)
        scope_spans = []
        _scope_spans = d.pop("scopeSpans")
        for scope_spans_item_data in _scope_spans:
            scope_spans_item = OtlpScopeSpansDto.from_dict(scope_spans_item_data)

            scope_spans.append(scope_spans_item)

        _resource = d.pop("resource", UNSET)
        resource: Union[Unset, OtlpResourceDto]
        if isinstance(_resource, Unset):
            resource = UNSET
        else:
            resource = OtlpResourceDto.from_dict(_resource)

        schema_url = d.pop("schemaUrl", UNSET)

        otlp_resource_spans_dto = cls(
            scope_spans=scope_spans,
            resource=resource,
            schema_url=schema_url,
        )

        otlp_resource_spans_dto.additional_properties = d
        return otlp_resource_spans_dto

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
