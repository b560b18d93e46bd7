from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.otlp_any_value_dto import OtlpAnyValueDto


T = TypeVar("T", bound="OtlpKeyValueDto")


@_attrs_define
class OtlpKeyValueDto:
    """
    Attributes:
        key (str):  Example: gen_ai.request.model.
        value (OtlpAnyValueDto):
    """

    key: str
    value: "OtlpAnyValueDto"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        value = self.value.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otlp_any_value_dto import OtlpAnyValueDto

        d = dict(src_dict)
        key = d.pop("key")

        value = OtlpAnyValueDto.from_dict(d.pop("value"))

        otlp_key_value_dto = cls(
            key=key,
            value=value,
        )

        otlp_key_value_dto.additional_properties = d
        return otlp_key_value_dto

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
