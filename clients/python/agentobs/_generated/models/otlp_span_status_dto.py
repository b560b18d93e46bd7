from collections.abc import Mapping
from typing import Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.otlp_status_code import OtlpStatusCode
from ..types import UNSET, Unset

T = TypeVar("T", bound="OtlpSpanStatusDto")


@_attrs_define
class OtlpSpanStatusDto:
    """
    Attributes:
        code (Union[Unset, OtlpStatusCode]): 0 STATUS_CODE_UNSET, 1 STATUS_CODE_OK, 2 STATUS_CODE_ERROR (stored as
            status `error`)
        message (Union[Unset, str]): Stored as statusMessage
    """

    code: Union[Unset, OtlpStatusCode] = UNSET
    message: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: Union[Unset, int] = UNSET
        if not isinstance(self.code, Unset):
            code = self.code.value

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _code = d.pop("code", UNSET)
        code: Union[Unset, OtlpStatusCode]
        if isinstance(_code, Unset):
            code = UNSET
        else:
            code = OtlpStatusCode(_code)

        message = d.pop("message", UNSET)

        otlp_span_status_dto = cls(
            code=code,
            message=message,
        )

        otlp_span_status_dto.additional_properties = d
        return otlp_span_status_dto

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
