from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.billing_cycle import BillingCycle
from ..models.plan import Plan

T = TypeVar("T", bound="CheckoutDto")


@_attrs_define
class CheckoutDto:
    """
    Attributes:
        billing_cycle (BillingCycle):
        cancel_url (str):  Example: https://app.example.com/settings/billing?checkout=cancel.
        plan (Plan):
        success_url (str): Where Stripe sends the customer after paying (http or https; `{CHECKOUT_SESSION_ID}` is
            replaced by Stripe) Example: https://app.example.com/settings/billing?checkout=success.
    """

    billing_cycle: BillingCycle
    cancel_url: str
    plan: Plan
    success_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        billing_cycle = self.billing_cycle.value

        cancel_url = self.cancel_url

        plan = self.plan.value

        success_url = self.success_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "billingCycle": billing_cycle,
                "cancelUrl": cancel_url,
                "plan": plan,
                "successUrl": success_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        billing_cycle = BillingCycle(d.pop("billingCycle"))

        cancel_url = d.pop("cancelUrl")

        plan = Plan(d.pop("plan"))

        success_url = d.pop("successUrl")

        checkout_dto = cls(
            billing_cycle=billing_cycle,
            cancel_url=cancel_url,
            plan=plan,
            success_url=success_url,
        )

        checkout_dto.additional_properties = d
        return checkout_dto

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
