from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EvaluationResultDto")


@_attrs_define
class EvaluationResultDto:
    """
    Attributes:
        breached (bool):
        incident_id (Union[None, UUID]): The rule's open or acknowledged incident after this evaluation (opened by it,
            or already there), else null
        value (float): The rule's metric over its window, now
    """

    breached: bool
    incident_id: Union[None, UUID]
    value: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        breached = self.breached

        incident_id: Union[None, str]
        if isinstance(self.incident_id, UUID):
            incident_id = str(self.incident_id)
        else:
            incident_id = self.incident_id

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "breached": breached,
                "incidentId": incident_id,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        breached = d.pop("breached")

        def _parse_incident_id(data: object) -> Union[None, UUID]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                incident_id_type_0 = UUID(data)

                return incident_id_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, UUID], data)

        incident_id = _parse_incident_id(d.pop("incidentId"))

        value = d.pop("value")

        evaluation_result_dto = cls(
            breached=breached,
            incident_id=incident_id,
            value=value,
        )

        evaluation_result_dto.additional_properties = d
        return evaluation_result_dto

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
