from collections.abc import Mapping
from typing import Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.span_kind import SpanKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="AlertFilterOutDto")


@_attrs_define
class AlertFilterOutDto:
    """
    Attributes:
        kind (Union[Unset, SpanKind]):
        model (Union[Unset, str]):
        name (Union[Unset, str]):
    """

    kind: Union[Unset, SpanKind] = UNSET
    model: Union[Unset, str] = UNSET
    name: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind: Union[Unset, str] = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        model = self.model

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if kind is not UNSET:
            field_dict["kind"] = kind
        if model is not UNSET:
            field_dict["model"] = model
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _kind = d.pop("kind", UNSET)
        kind: Union[Unset, SpanKind]
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = SpanKind(_kind)

        model = d.pop("model", UNSET)

        name = d.pop("name", UNSET)

        alert_filter_out_dto = cls(
            kind=kind,
            model=model,
            name=name,
        )

        alert_filter_out_dto.additional_properties = d
        return alert_filter_out_dto

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
