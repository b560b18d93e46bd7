import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.span_kind import SpanKind
from ..models.span_status import SpanStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ingest_span_dto_attributes_type_0 import IngestSpanDtoAttributesType0
    from ..models.ingest_span_dto_input_type_3 import IngestSpanDtoInputType3
    from ..models.ingest_span_dto_output_type_3 import IngestSpanDtoOutputType3
    from ..models.span_usage_input_dto import SpanUsageInputDto


T = TypeVar("T", bound="IngestSpanDto")


@_attrs_define
class IngestSpanDto:
    """
    Attributes:
        kind (SpanKind):
        name (str):  Example: support-agent.
        span_id (str):  Example: 00f067aa0ba902b7.
        start_time (datetime.datetime): ISO-8601 with a time zone and up to 9 fraction digits; within the last 365 days
            and at most 1 day ahead (stored to the microsecond) Example: 2026-01-31T12:00:00.000123Z.
        trace_id (str): W3C trace id (stored lower-case) Example: 4bf92f3577b34da6a3ce929d0e0e4736.
        attributes (Union['IngestSpanDtoAttributesType0', None, Unset]): At most 256 keys of at most 256 characters
            Example: {'user.tier': 'pro'}.
        cost_usd (Union[None, Unset, float]):  Example: 0.00042.
        end_time (Union[None, Unset, datetime.datetime]): Not before startTime; absent while running
        input_ (Union['IngestSpanDtoInputType3', None, Unset, bool, float, list[Any], str]): Any JSON; PII-masked when
            the workspace enables piiMasking
        model (Union[None, Unset, str]):  Example: gpt-4o-mini.
        output (Union['IngestSpanDtoOutputType3', None, Unset, bool, float, list[Any], str]): Any JSON; PII-masked when
            the workspace enables piiMasking
        parent_span_id (Union[None, Unset, str]): Absent or null for the root span
        status (Union[Unset, SpanStatus]):  Default: SpanStatus.UNSET.
        status_message (Union[None, Unset, str]):  Example: RateLimitError: 429 from provider.
        usage (Union['SpanUsageInputDto', None, Unset]):
    """

    kind: SpanKind
    name: str
    span_id: str
    start_time: datetime.datetime
    trace_id: str
    attributes: Union["IngestSpanDtoAttributesType0", None, Unset] = UNSET
    cost_usd: Union[None, Unset, float] = UNSET
    end_time: Union[None, Unset, datetime.datetime] = UNSET
    input_: Union["IngestSpanDtoInputType3", None, Unset, bool, float, list[Any], str] = UNSET
    model: Union[None, Unset, str] = UNSET
    output: Union["IngestSpanDtoOutputType3", None, Unset, bool, float, list[Any], str] = UNSET
    parent_span_id: Union[None, Unset, str] = UNSET
    status: Union[Unset, SpanStatus] = SpanStatus.UNSET
    status_message: Union[None, Unset, str] = UNSET
    usage: Union["SpanUsageInputDto", None, Unset] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.ingest_span_dto_attributes_type_0 import IngestSpanDtoAttributesType0
        from ..models.ingest_span_dto_input_type_3 import IngestSpanDtoInputType3
        from ..models.ingest_span_dto_output_type_3 import IngestSpanDtoOutputType3
        from ..models.span_usage_input_dto import SpanUsageInputDto

        kind = self.kind.value

        name = self.name

        span_id = self.span_id

        start_time = self.start_time.isoformat()

        trace_id = self.trace_id

        attributes: Union[None, Unset, dict[str, Any]]
        if isinstance(self.attributes, Unset):
            attributes = UNSET
        elif isinstance(self.attributes, IngestSpanDtoAttributesType0):
            attributes = self.attributes.to_dict()
        else:
            attributes = self.attributes

        cost_usd: Union[None, Unset, float]
        if isinstance(self.cost_usd, Unset):
            cost_usd = UNSET
        else:
            cost_usd = self.cost_usd

        end_time: Union[None, Unset, str]
        if isinstance(self.end_time, Unset):
            end_time = UNSET
        elif isinstance(self.end_time, datetime.datetime):
            end_time = self.end_time.isoformat()
        else:
            end_time = self.end_time

        input_: Union[None, Unset, bool, dict[str, Any], float, list[Any], str]
        if isinstance(self.input_, Unset):
            input_ = UNSET
        elif isinstance(self.input_, IngestSpanDtoInputType3):
            input_ = self.input_.to_dict()
        elif isinstance(self.input_, list):
            input_ = self.input_

        else:
            input_ = self.input_

        model: Union[None, Unset, str]
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        output: Union[None, Unset, bool, dict[str, Any], float, list[Any], str]
        if isinstance(self.output, Unset):
            output = UNSET
        elif isinstance(self.output, IngestSpanDtoOutputType3):
            output = self.output.to_dict()
        elif isinstance(self.output, list):
            output = self.output

        else:
            output = self.output

        parent_span_id: Union[None, Unset, str]
        if isinstance(self.parent_span_id, Unset):
            parent_span_id = UNSET
        else:
            parent_span_id = self.parent_span_id

        status: Union[Unset, str] = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        status_message: Union[None, Unset, str]
        if isinstance(self.status_message, Unset):
            status_message = UNSET
        else:
            status_message = self.status_message

        usage: Union[None, Unset, dict[str, Any]]
        if isinstance(self.usage, Unset):
            usage = UNSET
        elif isinstance(self.usage, SpanUsageInputDto):
            usage = self.usage.to_dict()
        else:
            usage = self.usage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "name": name,
                "spanId": span_id,
                "startTime": start_time,
                "traceId": trace_id,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if cost_usd is not UNSET:
            field_dict["costUsd"] = cost_usd
        if end_time is not UNSET:
            field_dict["endTime"] = end_time
        if input_ is not UNSET:
            field_dict["input"] = input_
        if model is not UNSET:
            field_dict["model"] = model
        if output is not UNSET:
            field_dict["output"] = output
        if parent_span_id is not UNSET:
            field_dict["parentSpanId"] = parent_span_id
        if status is not UNSET:
            field_dict["status"] = status
        if status_message is not UNSET:
            field_dict["statusMessage"] = status_message
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ingest_span_dto_attributes_type_0 import IngestSpanDtoAttributesType0
        from ..models.ingest_span_dto_input_type_3 import IngestSpanDtoInputType3
        from ..models.ingest_span_dto_output_type_3 import IngestSpanDtoOutputType3
        from ..models.span_usage_input_dto import SpanUsageInputDto

        d = dict(src_dict)
        kind = SpanKind(d.pop("kind"))

        name = d.pop("name")

        span_id = d.pop("spanId")

        start_time = isoparse(d.pop("startTime"))

        trace_id = d.pop("traceId")

        def _parse_attributes(data: object) -> Union["IngestSpanDtoAttributesType0", None, Unset]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                attributes_type_0 = IngestSpanDtoAttributesType0.from_dict(data)

                return attributes_type_0
            except:  # noqa: E722
                pass
            return cast(Union["IngestSpanDtoAttributesType0", None, Unset], data)

        attributes = _parse_attributes(d.pop("attributes", UNSET))

        def _parse_cost_usd(data: object) -> Union[None, Unset, float]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, float], data)

        cost_usd = _parse_cost_usd(d.pop("costUsd", UNSET))

        def _parse_end_time(data: object) -> Union[None, Unset, datetime.datetime]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_time_type_0 = isoparse(data)

                return end_time_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, Unset, datetime.datetime], data)

        end_time = _parse_end_time(d.pop("endTime", UNSET))

        def _parse_input_(data: object) -> Union["IngestSpanDtoInputType3", None, Unset, bool, float, list[Any], str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                input_type_3 = IngestSpanDtoInputType3.from_dict(data)

                return input_type_3
            except:  # noqa: E722
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                input_type_4 = cast(list[Any], data)

                return input_type_4
            except:  # noqa: E722
                pass
            return cast(Union["IngestSpanDtoInputType3", None, Unset, bool, float, list[Any], str], data)

        input_ = _parse_input_(d.pop("input", UNSET))

        def _parse_model(data: object) -> Union[None, Unset, str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, str], data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_output(data: object) -> Union["IngestSpanDtoOutputType3", None, Unset, bool, float, list[Any], str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                output_type_3 = IngestSpanDtoOutputType3.from_dict(data)

                return output_type_3
            except:  # noqa: E722
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                output_type_4 = cast(list[Any], data)

                return output_type_4
            except:  # noqa: E722
                pass
            return cast(Union["IngestSpanDtoOutputType3", None, Unset, bool, float, list[Any], str], data)

        output = _parse_output(d.pop("output", UNSET))

        def _parse_parent_span_id(data: object) -> Union[None, Unset, str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, str], data)

        parent_span_id = _parse_parent_span_id(d.pop("parentSpanId", UNSET))

        _status = d.pop("status", UNSET)
        status: Union[Unset, SpanStatus]
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = SpanStatus(_status)

        def _parse_status_message(data: object) -> Union[None, Unset, str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, str], data)

        status_message = _parse_status_message(d.pop("statusMessage", UNSET))

        def _parse_usage(data: object) -> Union["SpanUsageInputDto", None, Unset]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                usage_type_0 = SpanUsageInputDto.from_dict(data)

                return usage_type_0
            except:  # noqa: E722
                pass
            return cast(Union["SpanUsageInputDto", None, Unset], data)

        usage = _parse_usage(d.pop("usage", UNSET))

        ingest_span_dto = cls(
            kind=kind,
            name=name,
            span_id=span_id,
            start_time=start_time,
            trace_id=trace_id,
            attributes=attributes,
            cost_usd=cost_usd,
            end_time=end_time,
            input_=input_,
            model=model,
            output=output,
            parent_span_id=parent_span_id,
            status=status,
            status_message=status_message,
            usage=usage,
        )

        ingest_span_dto.additional_properties = d
        return ingest_span_dto

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
