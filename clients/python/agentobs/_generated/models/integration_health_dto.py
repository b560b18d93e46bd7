import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.integration_health_status import IntegrationHealthStatus

T = TypeVar("T", bound="IntegrationHealthDto")


@_attrs_define
class IntegrationHealthDto:
    """
    Attributes:
        consecutive_failures (float): Failed checks in a row; 5 disable the integration
        last_checked_at (Union[None, datetime.datetime]):
        last_error (Union[None, str]):  Example: HTTP 503.
        last_success_at (Union[None, datetime.datetime]):
        status (IntegrationHealthStatus):
    """

    consecutive_failures: float
    last_checked_at: Union[None, datetime.datetime]
    last_error: Union[None, str]
    last_success_at: Union[None, datetime.datetime]
    status: IntegrationHealthStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consecutive_failures = self.consecutive_failures

        last_checked_at: Union[None, str]
        if isinstance(self.last_checked_at, datetime.datetime):
            last_checked_at = self.last_checked_at.isoformat()
        else:
            last_checked_at = self.last_checked_at

        last_error: Union[None, str]
        last_error = self.last_error

        last_success_at: Union[None, str]
        if isinstance(self.last_success_at, datetime.datetime):
            last_success_at = self.last_success_at.isoformat()
        else:
            last_success_at = self.last_success_at

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consecutiveFailures": consecutive_failures,
                "lastCheckedAt": last_checked_at,
                "lastError": last_error,
                "lastSuccessAt": last_success_at,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consecutive_failures = d.pop("consecutiveFailures")

        def _parse_last_checked_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_checked_at_type_0 = isoparse(data)

                return last_checked_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        last_checked_at = _parse_last_checked_at(d.pop("lastCheckedAt"))

        def _parse_last_error(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        last_error = _parse_last_error(d.pop("lastError"))

        def _parse_last_success_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_success_at_type_0 = isoparse(data)

                return last_success_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        last_success_at = _parse_last_success_at(d.pop("lastSuccessAt"))

        status = IntegrationHealthStatus(d.pop("status"))

        integration_health_dto = cls(
            consecutive_failures=consecutive_failures,
            last_checked_at=last_checked_at,
            last_error=last_error,
            last_success_at=last_success_at,
            status=status,
        )

        integration_health_dto.additional_properties = d
        return integration_health_dto

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
