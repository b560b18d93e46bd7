from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_array_value_dto import OtlpArrayValueDto
    from ..models.otlp_key_value_list_dto import OtlpKeyValueListDto


T = TypeVar("T", bound="OtlpAnyValueDto")


@_attrs_define
class OtlpAnyValueDto:
    """
    Attributes:
        array_value (Union[Unset, OtlpArrayValueDto]):
        bool_value (Union[Unset, bool]):
        bytes_value (Union[Unset, str]): base64
        double_value (Union[Unset, float]):
        int_value (Union[Unset, str]): int64 as a decimal string (a JSON number is accepted too)
        kvlist_value (Union[Unset, OtlpKeyValueListDto]):
        string_value (Union[Unset, str]):
    """

    array_value: Union[Unset, "OtlpArrayValueDto"] = UNSET
    bool_value: Union[Unset, bool] = UNSET
    bytes_value: Union[Unset, str] = UNSET
    double_value: Union[Unset, float] = UNSET
    int_value: Union[Unset, str] = UNSET
    kvlist_value: Union[Unset, "OtlpKeyValueListDto"] = UNSET
    string_value: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        array_value: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.array_value, Unset):
            array_value = self.array_value.to_dict()

        bool_value = self.bool_value

        bytes_value = self.bytes_value

        double_value = self.double_value

        int_value = self.int_value

        kvlist_value: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.kvlist_value, Unset):
            kvlist_value = self.kvlist_value.to_dict()

        string_value = self.string_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if array_value is not UNSET:
            field_dict["arrayValue"] = array_value
        if bool_value is not UNSET:
            field_dict["boolValue"] = bool_value
        if bytes_value is not UNSET:
            field_dict["bytesValue"] = bytes_value
        if double_value is not UNSET:
            field_dict["doubleValue"] = double_value
        if int_value is not UNSET:
            field_dict["intValue"] = int_value
        if kvlist_value is not UNSET:
            field_dict["kvlistValue"] = kvlist_value
        if string_value is not UNSET:
            field_dict["stringValue"] = string_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otlp_array_value_dto import OtlpArrayValueDto
        from ..models.otlp_key_value_list_dto import OtlpKeyValueListDto

        d = dict(src_dict)
        _array_value = d.pop("arrayValue", UNSET)
        array_value: Union[Unset, OtlpArrayValueDto]
        if isinstance(_array_value, Unset):
            array_value = UNSET
        else:
            array_value = OtlpArrayValueDto.from_dict(_array_value)

        bool_value = d.pop("boolValue", UNSET)

        bytes_value = d.pop("bytesValue", UNSET)

        double_value = d.pop("doubleValue", UNSET)

        int_value = d.pop("intValue", UNSET)

        _kvlist_value = d.pop("kvlistValue", UNSET)
        kvlist_value: Union[Unset, OtlpKeyValueListDto]
        if isinstance(_kvlist_value, Unset):
            kvlist_value = UNSET
        else:
            kvlist_value = OtlpKeyValueListDto.from_dict(_kvlist_value)

        string_value = d.pop("stringValue", UNSET)

        otlp_any_value_dto = cls(
            array_value=array_value,
            bool_value=bool_value,
            bytes_value=bytes_value,
            double_value=double_value,
            int_value=int_value,
            kvlist_value=kvlist_value,
            string_value=string_value,
        )

        otlp_any_value_dto.additional_properties = d
        return otlp_any_value_dto

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
