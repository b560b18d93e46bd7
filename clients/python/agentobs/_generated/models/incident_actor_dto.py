from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.incident_actor_dto_type import IncidentActorDtoType

T = TypeVar("T", bound="IncidentActorDto")


@_attrs_define
class IncidentActorDto:
    """
    Attributes:
        id (Union[None, UUID]): user or API key id; null for the system
        type_ (IncidentActorDtoType):
    """

    id: Union[None, UUID]
    type_: IncidentActorDtoType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: Union[None, str]
        if isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_id(data: object) -> Union[None, UUID]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_0 = UUID(data)

                return id_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, UUID], data)

        id = _parse_id(d.pop("id"))

        type_ = IncidentActorDtoType(d.pop("type"))

        incident_actor_dto = cls(
            id=id,
            type_=type_,
        )

        incident_actor_dto.additional_properties = d
        return incident_actor_dto

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
