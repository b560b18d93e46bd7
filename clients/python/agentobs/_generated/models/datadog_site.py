from enum import Enum


class DatadogSite(str, Enum):
    AP1_DATADOGHQ_COM = "ap1.datadoghq.com"
    DATADOGHQ_COM = "datadoghq.com"
    DATADOGHQ_EU = "datadoghq.eu"
    US3_DATADOGHQ_COM = "us3.datadoghq.com"
    US5_DATADOGHQ_COM = "us5.datadoghq.com"

    def __str__(self) -> str:
        return str(self.value)
