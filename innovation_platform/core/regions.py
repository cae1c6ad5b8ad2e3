"""Peru's regions (ISO 3166-2:PE): the 25 regional governments plus Lima Metropolitana.

Only Peruvian profiles and labs carry a region; elsewhere the country is enough.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PERU = "PE"


class PeruRegion(models.TextChoices):
    AMAZONAS = "PE-AMA", "Amazonas"
    ANCASH = "PE-ANC", "Áncash"
    APURIMAC = "PE-APU", "Apurímac"
    AREQUIPA = "PE-ARE", "Arequipa"
    AYACUCHO = "PE-AYA", "Ayacucho"
    CAJAMARCA = "PE-CAJ", "Cajamarca"
    CALLAO = "PE-CAL", "Callao"
    CUSCO = "PE-CUS", "Cusco"
    HUANCAVELICA = "PE-HUV", "Huancavelica"
    HUANUCO = "PE-HUC", "Huánuco"
    ICA = "PE-ICA", "Ica"
    JUNIN = "PE-JUN", "Junín"
    LA_LIBERTAD = "PE-LAL", "La Libertad"
    LAMBAYEQUE = "PE-LAM", "Lambayeque"
    LIMA_REGION = "PE-LIM", _("Lima (region)")
    LIMA_METROPOLITANA = "PE-LMA", "Lima Metropolitana"
    LORETO = "PE-LOR", "Loreto"
    MADRE_DE_DIOS = "PE-MDD", "Madre de Dios"
    MOQUEGUA = "PE-MOQ", "Moquegua"
    PASCO = "PE-PAS", "Pasco"
    PIURA = "PE-PIU", "Piura"
    PUNO = "PE-PUN", "Puno"
    SAN_MARTIN = "PE-SAM", "San Martín"
    TACNA = "PE-TAC", "Tacna"
    TUMBES = "PE-TUM", "Tumbes"
    UCAYALI = "PE-UCA", "Ucayali"


def validate_country_region(country: str, region: str) -> None:
    """A region belongs to Peru: required there, meaningless elsewhere."""
    if country == PERU and not region:
        raise ValidationError({"region": _("Choose a region of Peru.")})
    if country != PERU and region:
        raise ValidationError({"region": _("Leave the region empty outside Peru.")})
