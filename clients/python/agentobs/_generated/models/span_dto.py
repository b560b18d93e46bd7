import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.span_kind import SpanKind
from ..models.span_status import SpanStatus

if TYPE_CHECKING:
    from ..models.span_dto_attributes_type_0 import SpanDtoAttributesType0
    from ..models.span_dto_input_type_3 import SpanDtoInputType3
    from ..models.span_dto_output_type_3 import SpanDtoOutputType3
    from ..models.span_usage_dto import SpanUsageDto


T = TypeVar("T", bound="SpanDto")


@_attrs_define
class SpanDto:
    """
    Attributes:
        attributes (Union['SpanDtoAttributesType0', None]):
        cost_usd (Union[None, float]):  Example: 0.00042.
        end_time (Union[None, datetime.datetime]): Six fraction digits (microseconds)
        input_ (Union['SpanDtoInputType3', None, bool, float, list[Any], str]):
        kind (SpanKind):
        model (Union[None, str]):  Example: gpt-4o-mini.
        name (str):  Example: support-agent.
        output (Union['SpanDtoOutputType3', None, bool, float, list[Any], str]):
        parent_span_id (Union[None, str]):
        span_id (str):  Example: 00f067aa0ba902b7.
        start_time (datetime.datetime): Six fraction digits (microseconds) Example: 2026-01-31T12:00:00.000123Z.
        status (SpanStatus):
        status_message (Union[None, str]):
        trace_id (str):  Example: 4bf92f3577b34da6a3ce929d0e0e4736.
        usage (Union['SpanUsageDto', None]):
    """

    attributes: Union["SpanDtoAttributesType0", None]
    cost_usd: Union[None, float]
    end_time: Union[None, datetime.datetime]
    input_: Union["SpanDtoInputType3", None, bool, float, list[Any], str]
    kind: SpanKind
    model: Union[None, str]
    name: str
    output: Union["SpanDtoOutputType3", None, bool, float, list[Any], str]
    parent_span_id: Union[None, str]
    span_id: str
    start_time: datetime.datetime
    status: SpanStatus
    status_message: Union[None, str]
    trace_id: str
    usage: Union["SpanUsageDto", None]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.span_dto_attributes_type_0 import SpanDtoAttributesType0
        from ..models.span_dto_input_type_3 import SpanDtoInputType3
        from ..models.span_dto_output_type_3 import SpanDtoOutputType3
        from ..models.span_usage_dto import SpanUsageDto

        attributes: Union[None, dict[str, Any]]
        if isinstance(self.attributes, SpanDtoAttributesType0):
            attributes = self.attributes.to_dict()
        else:
            attributes = self.attributes

        cost_usd: Union[None, float]
        cost_usd = self.cost_usd

        end_time: Union[None, str]
        if isinstance(self.end_time, datetime.datetime):
            end_time = self.end_time.isoformat()
        else:
            end_time = self.end_time

        input_: Union[None, bool, dict[str, Any], float, list[Any], str]
        if isinstance(self.input_, SpanDtoInputType3):
            input_ = self.input_.to_dict()
        elif isinstance(self.input_, list):
            input_ = self.input_

        else:
            input_ = self.input_

        kind = self.kind.value

        model: Union[None, str]
        model = self.model

        name = self.name

        output: Union[None, bool, dict[str, Any], float, list[Any], str]
        if isinstance(self.output, SpanDtoOutputType3):
            output = self.output.to_dict()
        elif isinstance(self.output, list):
            output = self.output

        else:
            output = self.output

        parent_span_id: Union[None, str]
        parent_span_id = self.parent_span_id

        span_id = self.span_id

        start_time = self.start_time.isoformat()

        status = self.status.value

        status_message: Union[None, str]
        status_message = self.status_message

        trace_id = self.trace_id

        usage: Union[None, dict[str, Any]]
        if isinstance(self.usage, SpanUsageDto):
            usage = self.usage.to_dict()
        else:
            usage = self.usage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attributes": attributes,
                "costUsd": cost_usd,
                "endTime": end_time,
                "input": input_,
                "kind": kind,
                "model": model,
                "name": name,
                "output": output,
                "parentSpanId": parent_span_id,
                "spanId": span_id,
                "startTime": start_time,
                "status": status,
                "statusMessage": status_message,
                "traceId": trace_id,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.span_dto_attributes_type_0 import SpanDtoAttributesType0
        from ..models.span_dto_input_type_3 import SpanDtoInputType3
        from ..models.span_dto_output_type_3 import SpanDtoOutputType3
        from ..models.span_usage_dto import SpanUsageDto

        d = dict(src_dict)

        def _parse_attributes(data: object) -> Union["SpanDtoAttributesType0", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                attributes_type_0 = SpanDtoAttributesType0.from_dict(data)

                return attributes_type_0
            except:  # noqa: E722
                pass
            return cast(Union["SpanDtoAttributesType0", None], data)

        attributes = _parse_attributes(d.pop("attributes"))

        def _parse_cost_usd(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        cost_usd = _parse_cost_usd(d.pop("costUsd"))

        def _parse_end_time(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_time_type_0 = isoparse(data)

                return end_time_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        end_time = _parse_end_time(d.pop("endTime"))

        def _parse_input_(data: object) -> Union["SpanDtoInputType3", None, bool, float, list[Any], str]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                input_type_3 = SpanDtoInputType3.from_dict(data)

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
            return cast(Union["SpanDtoInputType3", None, bool, float, list[Any], str], data)

        input_ = _parse_input_(d.pop("input"))

        kind = SpanKind(d.pop("kind"))

        def _parse_model(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        model = _parse_model(d.pop("model"))

        name = d.pop("name")

        def _parse_output(data: object) -> Union["SpanDtoOutputType3", None, bool, float, list[Any], str]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                output_type_3 = SpanDtoOutputType3.from_dict(data)

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
            return cast(Union["SpanDtoOutputType3", None, bool, float, list[Any], str], data)

        output = _parse_output(d.pop("output"))

        def _parse_parent_span_id(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        parent_span_id = _parse_parent_span_id(d.pop("parentSpanId"))

        span_id = d.pop("spanId")

        start_time = isoparse(d.pop("startTime"))

        status = SpanStatus(d.pop("status"))

        def _parse_status_message(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        status_message = _parse_status_message(d.pop("statusMessage"))

        trace_id = d.pop("traceId")

        def _parse_usage(data: object) -> Union["SpanUsageDto", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                usage_type_0 = SpanUsageDto.from_dict(data)

                return usage_type_0
            except:  # noqa: E722
                pass
            return cast(Union["SpanUsageDto", None], data)

        usage = _parse_usage(d.pop("usage"))

        span_dto = cls(
            attributes=attributes,
            cost_usd=cost_usd,
            end_time=end_time,
            input_=input_,
            kind=kind,
            model=model,
            name=name,
            output=output,
            parent_span_id=parent_span_id,
            span_id=span_id,
            start_time=start_time,
            status=status,
            status_message=status_message,
            trace_id=trace_id,
            usage=usage,
        )

        span_dto.additional_properties = d
        return span_dto

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
