from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code import ErrorCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error_dto import FieldErrorDto


T = TypeVar("T", bound="ProblemDto")


@_attrs_define
class ProblemDto:
    """
    Attributes:
        code (ErrorCode):
        detail (str):  Example: Member not found.
        request_id (str):  Example: 5f0c6a5e-1f6b-4d3a-9a51-0b8e0d1a2c3f.
        status (float):  Example: 404.
        title (str):  Example: Not found.
        type_ (str):  Example: https://docs.agentobs.dev/errors/not-found.
        errors (Union[Unset, list['FieldErrorDto']]):
    """

    code: ErrorCode
    detail: str
    request_id: str
    status: float
    title: str
    type_: str
    errors: Union[Unset, list["FieldErrorDto"]] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        detail = self.detail

        request_id = self.request_id

        status = self.status

        title = self.title

        type_ = self.type_

        errors: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "detail": detail,
                "requestId": request_id,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error_dto import FieldErrorDto

        d = dict(src_dict)
        code = ErrorCode(d.pop("code"))

        detail = d.pop("detail")

        request_id = d.pop("requestId")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        errors = []
        _errors = d.pop("errors", UNSET)
        for errors_item_data in _errors or []:
            errors_item = FieldErrorDto.from_dict(errors_item_data)

            errors.append(errors_item)

        problem_dto = cls(
            code=code,
            detail=detail,
            request_id=request_id,
            status=status,
            title=title,
            type_=type_,
            errors=errors,
        )

        problem_dto.additional_properties = d
        return problem_dto

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
