import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.event_type import EventType
from ..models.integration_delivery_status import IntegrationDeliveryStatus

T = TypeVar("T", bound="IntegrationDeliveryDto")


@_attrs_define
class IntegrationDeliveryDto:
    """
    Attributes:
        attempts (float):  Example: 1.
        created_at (datetime.datetime):
        delivered_at (Union[None, datetime.datetime]):
        event_id (str): Id of the event (with the integration type it identifies the delivery)
        event_type (EventType): Event types to receive; empty = all. integration.test is always delivered by the test
            endpoint.
        id (UUID):
        last_error (Union[None, str]):
        latency_ms (Union[None, float]): Latency of the last attempt, in milliseconds Example: 182.
        response_status (Union[None, float]): HTTP status of the last attempt Example: 200.
        status (IntegrationDeliveryStatus):
    """

    attempts: float
    created_at: datetime.datetime
    delivered_at: Union[None, datetime.datetime]
    event_id: str
    event_type: EventType
    id: UUID
    last_error: Union[None, str]
    latency_ms: Union[None, float]
    response_status: Union[None, float]
    status: IntegrationDeliveryStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at.isoformat()

        delivered_at: Union[None, str]
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        event_id = self.event_id

        event_type = self.event_type.value

        id = str(self.id)

        last_error: Union[None, str]
        last_error = self.last_error

        latency_ms: Union[None, float]
        latency_ms = self.latency_ms

        response_status: Union[None, float]
        response_status = self.response_status

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "createdAt": created_at,
                "deliveredAt": delivered_at,
                "eventId": event_id,
                "eventType": event_type,
                "id": id,
                "lastError": last_error,
                "latencyMs": latency_ms,
                "responseStatus": response_status,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = isoparse(d.pop("createdAt"))

        def _parse_delivered_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = isoparse(data)

                return delivered_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        delivered_at = _parse_delivered_at(d.pop("deliveredAt"))

        event_id = d.pop("eventId")

        event_type = EventType(d.pop("eventType"))

        id = UUID(d.pop("id"))

        def _parse_last_error(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        last_error = _parse_last_error(d.pop("lastError"))

        def _parse_latency_ms(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        latency_ms = _parse_latency_ms(d.pop("latencyMs"))

        def _parse_response_status(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        response_status = _parse_response_status(d.pop("responseStatus"))

        status = IntegrationDeliveryStatus(d.pop("status"))

        integration_delivery_dto = cls(
            attempts=attempts,
            created_at=created_at,
            delivered_at=delivered_at,
            event_id=event_id,
            event_type=event_type,
            id=id,
            last_error=last_error,
            latency_ms=latency_ms,
            response_status=response_status,
            status=status,
        )

        integration_delivery_dto.additional_properties = d
        return integration_delivery_dto

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
