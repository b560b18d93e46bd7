from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_key_value_dto import OtlpKeyValueDto


T = TypeVar("T", bound="OtlpInstrumentationScopeDto")


@_attrs_define
class OtlpInstrumentationScopeDto:
    """
    Attributes:
        attributes (Union[Unset, list['OtlpKeyValueDto']]):
        name (Union[Unset, str]):  Example: @opentelemetry/instrumentation-openai.
        version (Union[Unset, str]):  Example: 0.5.0.
    """

    attributes: Union[Unset, list["OtlpKeyValueDto"]] = UNSET
    name: Union[Unset, str] = UNSET
    version: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attributes: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = []
            for attributes_item_data in self.attributes:
                attributes_item = attributes_item_data.to_dict()
                attributes.append(attributes_item)

        name = self.name

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if name is not UNSET:
            field_dict["name"] = name
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otlp_key_value_dto import OtlpKeyValueDto

        d = dict(src_dict)
        attributes = []
        _attributes = d.pop("attributes", UNSET)
        for attributes_item_data in _attributes or []:
            attributes_item = OtlpKeyValueDto.from_dict(attributes_item_data)

            attributes.append(attributes_item)

        name = d.pop("name", UNSET)

        version = d.pop("version", UNSET)

        otlp_instrumentation_scope_dto = cls(
            attributes=attributes,
            name=name,
            version=version,
        )

        otlp_instrumentation_scope_dto.additional_properties = d
        return otlp_instrumentation_scope_dto

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
