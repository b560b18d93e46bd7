from collections.abc import Mapping
from typing import Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TestIntegrationResultDto")


@_attrs_define
class TestIntegrationResultDto:
    """
    Attributes:
        latency_ms (float): Time until the answer (or the failure), in milliseconds Example: 182.
        ok (bool): The provider accepted the test event
        error (Union[Unset, str]): Short reason; present whenever ok is false Example: HTTP 404: no_service.
        status_code (Union[Unset, float]): HTTP status of the provider's answer, when there was one Example: 200.
    """

    latency_ms: float
    ok: bool
    error: Union[Unset, str] = UNSET
    status_code: Union[Unset, float] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        latency_ms = self.latency_ms

        ok = self.ok

        error = self.error

        status_code = self.status_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "latencyMs": latency_ms,
                "ok": ok,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if status_code is not UNSET:
            field_dict["statusCode"] = status_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        latency_ms = d.pop("latencyMs")

        ok = d.pop("ok")

        error = d.pop("error", UNSET)

        status_code = d.pop("statusCode", UNSET)

        test_integration_result_dto = cls(
            latency_ms=latency_ms,
            ok=ok,
            error=error,
            status_code=status_code,
        )

        test_integration_result_dto.additional_properties = d
        return test_integration_result_dto

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
