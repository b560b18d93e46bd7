from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.otlp_span_kind import OtlpSpanKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_key_value_dto import OtlpKeyValueDto
    from ..models.otlp_span_event_dto import OtlpSpanEventDto
    from ..models.otlp_span_link_dto import OtlpSpanLinkDto
    from ..models.otlp_span_status_dto import OtlpSpanStatusDto


T = TypeVar("T", bound="OtlpSpanDto")


@_attrs_define
class OtlpSpanDto:
    """
    Attributes:
        end_time_unix_nano (str): Unix time in nanoseconds as a decimal string (a JSON number is accepted too) Example:
            1767225600000000000.
        name (str):  Example: chat gpt-4o-mini.
        span_id (str):  Example: 00f067aa0ba902b7.
        start_time_unix_nano (str): Unix time in nanoseconds as a decimal string (a JSON number is accepted too)
            Example: 1767225600000000000.
        trace_id (str): Hex, as the OTLP JSON encoding prescribes Example: 4bf92f3577b34da6a3ce929d0e0e4736.
        attributes (Union[Unset, list['OtlpKeyValueDto']]): GenAI / OpenInference attributes become kind, model, usage,
            input and output; the rest is kept in attributes
        events (Union[Unset, list['OtlpSpanEventDto']]):
        flags (Union[Unset, float]):
        kind (Union[Unset, OtlpSpanKind]): SPAN_KIND_UNSPECIFIED … SPAN_KIND_CONSUMER; stored as attribute `span.kind`
        links (Union[Unset, list['OtlpSpanLinkDto']]):
        parent_span_id (Union[Unset, str]): Empty or absent for a root span
        status (Union[Unset, OtlpSpanStatusDto]):
        trace_state (Union[Unset, str]):
    """

    end_time_unix_nano: str
    name: str
    span_id: str
    start_time_unix_nano: str
    trace_id: str
    attributes: Union[Unset, list["OtlpKeyValueDto"]] = UNSET
    events: Union[Unset, list["OtlpSpanEventDto"]] = UNSET
    flags: Union[Unset, float] = UNSET
    kind: Union[Unset, OtlpSpanKind] = UNSET
    links: Union[Unset, list["OtlpSpanLinkDto"]] = UNSET
    parent_span_id: Union[Unset, str] = UNSET
    status: Union[Unset, "OtlpSpanStatusDto"] = UNSET
    trace_state: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end_time_unix_nano = self.end_time_unix_nano

        name = self.name

        span_id = self.span_id

        start_time_unix_nano = self.start_time_unix_nano

        trace_id = self.trace_id

        attributes: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = []
            for attributes_item_data in self.attributes:
                attributes_item = attributes_item_data.to_dict()
                attributes.append(attributes_item)

        events: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.to_dict()
                events.append(events_item)

        flags = self.flags

        kind: Union[Unset, int] = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        links: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.links, Unset):
            links = []
            for links_item_data in self.links:
                links_item = links_item_data.to_dict()
                links.append(links_item)

        parent_span_id = self.parent_span_id

        status: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        trace_state = self.trace_state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "endTimeUnixNano": end_time_unix_nano,
                "name": name,
                "spanId": span_id,
                "startTimeUnixNano": start_time_unix_nano,
                "traceId": trace_id,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if events is not UNSET:
            field_dict["events"] = events
        if flags is not UNSET:
            field_dict["flags"] = flags
        if kind is not UNSET:
            field_dict["kind"] = kind
        if links is not UNSET:
            field_dict["links"] = links
        if parent_span_id is not UNSET:
            field_dict["parentSpanId"] = parent_span_id
        if status is not UNSET:
            field_dict["status"] = status
        if trace_state is not UNSET:
            field_dict["traceState"] = trace_state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otlp_key_value_dto import OtlpKeyValueDto
        from ..models.otlp_span_event_dto import OtlpSpanEventDto
        from ..models.otlp_span_link_dto import OtlpSpanLinkDto
        from ..models.otlp_span_status_dto import OtlpSpanStatusDto

        d = dict(src_dict)
        end_time_unix_nano = d.pop("endTimeUnixNano")

        name = d.pop("name")

        span_id = d.pop("spanId")

        start_time_unix_nano = d.pop("startTimeUnixNano")

        trace_id = d.pop("traceId")

        attributes = []
        _attributes = d.pop("attributes", UNSET)
        for attributes_item_data in _attributes or []:
            attributes_item = OtlpKeyValueDto.from_dict(attributes_item_data)

            attributes.append(attributes_item)

        events = []
        _events = d.pop("events", UNSET)
        for events_item_data in _events or []:
            events_item = OtlpSpanEventDto.from_dict(events_item_data)

            events.append(events_item)

        flags = d.pop("flags", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: Union[Unset, OtlpSpanKind]
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = OtlpSpanKind(_kind)

        links = []
        _links = d.pop("links", UNSET)
        for links_item_data in _links or []:
            links_item = OtlpSpanLinkDto.from_dict(links_item_data)

            links.append(links_item)

        parent_span_id = d.pop("parentSpanId", UNSET)

        _status = d.pop("status", UNSET)
        status: Union[Unset, OtlpSpanStatusDto]
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = OtlpSpanStatusDto.from_dict(_status)

        trace_state = d.pop("traceState", UNSET)

        otlp_span_dto = cls(
            end_time_unix_nano=end_time_unix_nano,
            name=name,
            span_id=span_id,
            start_time_unix_nano=start_time_unix_nano,
            trace_id=trace_id,
            attributes=attributes,
            events=events,
            flags=flags,
            kind=kind,
            links=links,
            parent_span_id=parent_span_id,
            status=status,
            trace_state=trace_state,
        )

        otlp_span_dto.additional_properties = d
        return otlp_span_dto

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
