from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.plan import Plan

if TYPE_CHECKING:
    from ..models.plan_limits_dto import PlanLimitsDto


T = TypeVar("T", bound="PlanDto")


@_attrs_define
class PlanDto:
    """
    Attributes:
        description (str):  Example: For small teams shipping agents..
        id (Plan):
        limits (PlanLimitsDto):
        name (str):  Example: Starter.
        price_monthly_usd (Union[None, float]): List price in USD per month; null = by contract Example: 49.
        price_yearly_usd (Union[None, float]): List price in USD per year; null = by contract Example: 490.
        self_serve (bool): Bought through Stripe Checkout (false: sold by contract, sales only) Example: True.
    """

    description: str
    id: Plan
    limits: "PlanLimitsDto"
    name: str
    price_monthly_usd: Union[None, float]
    price_yearly_usd: Union[None, float]
    self_serve: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        id = self.id.value

        limits = self.limits.to_dict()

        name = self.name

        price_monthly_usd: Union[None, float]
        price_monthly_usd = self.price_monthly_usd

        price_yearly_usd: Union[None, float]
        price_yearly_usd = self.price_yearly_usd

        self_serve = self.self_serve

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "id": id,
                "limits": limits,
                "name": name,
                "priceMonthlyUsd": price_monthly_usd,
                "priceYearlyUsd": price_yearly_usd,
                "selfServe": self_serve,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plan_limits_dto import PlanLimitsDto

        d = dict(src_dict)
        description = d.pop("description")

        id = Plan(d.pop("id"))

        limits = PlanLimitsDto.from_dict(d.pop("limits"))

        name = d.pop("name")

        def _parse_price_monthly_usd(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        price_monthly_usd = _parse_price_monthly_usd(d.pop("priceMonthlyUsd"))

        def _parse_price_yearly_usd(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        price_yearly_usd = _parse_price_yearly_usd(d.pop("priceYearlyUsd"))

        self_serve = d.pop("selfServe")

        plan_dto = cls(
            description=description,
            id=id,
            limits=limits,
            name=name,
            price_monthly_usd=price_monthly_usd,
            price_yearly_usd=price_yearly_usd,
            self_serve=self_serve,
        )

        plan_dto.additional_properties = d
        return plan_dto

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
