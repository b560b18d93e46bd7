import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.ingest_error_entry_dto_source import IngestErrorEntryDtoSource

T = TypeVar("T", bound="IngestErrorEntryDto")


@_attrs_define
class IngestErrorEntryDto:
    """
    Attributes:
        at (datetime.datetime):
        code (str): The error code answered (for per-span refusals, the first span error code) Example:
            payload_too_large.
        key_prefix (Union[None, str]): Prefix of the API key used (null for a user token) Example: ao_sk_3fK9q1.
        message (str):
        source (IngestErrorEntryDtoSource):
    """

    at: datetime.datetime
    code: str
    key_prefix: Union[None, str]
    message: str
    source: IngestErrorEntryDtoSource
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        code = self.code

        key_prefix: Union[None, str]
        key_prefix = self.key_prefix

        message = self.message

        source = self.source.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "code": code,
                "keyPrefix": key_prefix,
                "message": message,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = isoparse(d.pop("at"))

        code = d.pop("code")

        def _parse_key_prefix(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        key_prefix = _parse_key_prefix(d.pop("keyPrefix"))

        message = d.pop("message")

        source = IngestErrorEntryDtoSource(d.pop("source"))

        ingest_error_entry_dto = cls(
            at=at,
            code=code,
            key_prefix=key_prefix,
            message=message,
            source=source,
        )

        ingest_error_entry_dto.additional_properties = d
        return ingest_error_entry_dto

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
