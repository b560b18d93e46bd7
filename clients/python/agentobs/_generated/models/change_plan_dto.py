from collections.abc import Mapping
from typing import Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.billing_cycle import BillingCycle
from ..models.plan import Plan
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChangePlanDto")


@_attrs_define
class ChangePlanDto:
    """
    Attributes:
        plan (Plan):
        billing_cycle (Union[Unset, BillingCycle]):
    """

    plan: Plan
    billing_cycle: Union[Unset, BillingCycle] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan.value

        billing_cycle: Union[Unset, str] = UNSET
        if not isinstance(self.billing_cycle, Unset):
            billing_cycle = self.billing_cycle.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan": plan,
            }
        )
        if billing_cycle is not UNSET:
            field_dict["billingCycle"] = billing_cycle

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plan = Plan(d.pop("plan"))

        _billing_cycle = d.pop("billingCycle", UNSET)
        billing_cycle: Union[Unset, BillingCycle]
        if isinstance(_billing_cycle, Unset):
            billing_cycle = UNSET
        else:
            billing_cycle = BillingCycle(_billing_cycle)

        change_plan_dto = cls(
            plan=plan,
            billing_cycle=billing_cycle,
        )

        change_plan_dto.additional_properties = d
        return change_plan_dto

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
