"""Real countries, facilities and instruments that generated rounds are built from.

Names are real (JINR member states and partners; NICA, IBR-2, SKIF, PIK, INP and
partner facilities; stations and beamlines as publicly named); which of them a
round uses, and every proposal, score, share and credit, are synthetic. PIK's
instruments are named by technique. Instruments beyond the catalogue are
synthetic stations of the catalogue's facilities (`synthetic_instrument`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountryEntry:
    """A country: ISO code, name, JINR membership, and how often its teams apply (relative)."""

    code: str
    name: str
    jinr_member: bool
    applicant_weight: float


@dataclass(frozen=True)
class FacilityEntry:
    """A facility; `jinr` marks JINR's own facilities (covered by the member contributions)."""

    id: str
    name: str
    host_country: str
    jinr: bool
    prefix: str


@dataclass(frozen=True)
class InstrumentEntry:
    """An instrument; requests may name alternatives of the same facility and `technique`."""

    id: str
    facility: str
    name: str
    technique: str
    capacity: int = 1


COUNTRIES: tuple[CountryEntry, ...] = (
    CountryEntry("RU", "Russia", True, 40.0),
    CountryEntry("KZ", "Kazakhstan", True, 8.0),
    CountryEntry("BY", "Belarus", True, 7.0),
    CountryEntry("UZ", "Uzbekistan", True, 5.0),
    CountryEntry("AM", "Armenia", True, 3.0),
    CountryEntry("AZ", "Azerbaijan", True, 3.0),
    CountryEntry("GE", "Georgia", True, 2.0),
    CountryEntry("MN", "Mongolia", True, 3.0),
    CountryEntry("VN", "Vietnam", True, 4.0),
    CountryEntry("CU", "Cuba", True, 2.0),
    CountryEntry("EG", "Egypt", True, 4.0),
    CountryEntry("CN", "China", False, 8.0),
    CountryEntry("IN", "India", False, 4.0),
    CountryEntry("RS", "Serbia", False, 2.0),
    CountryEntry("ZA", "South Africa", False, 2.0),
    CountryEntry("BR", "Brazil", False, 1.0),
)
"""Countries in document order: JINR member states first, then partners."""

FACILITIES: tuple[FacilityEntry, ...] = (
    FacilityEntry(
        "NICA", "NICA accelerator complex (applied research stations), JINR", "RU", True, "NICA"
    ),
    FacilityEntry("IBR-2", "IBR-2 pulsed research reactor, JINR", "RU", True, "IBR2"),
    FacilityEntry(
        "FLNR", "Flerov Laboratory of Nuclear Reactions cyclotrons, JINR", "RU", True, "FLNR"
    ),
    FacilityEntry(
        "SKIF", "SKIF synchrotron (Siberian Circular Photon Source), Koltsovo", "RU", False, "SKIF"
    ),
    FacilityEntry("PIK", "PIK high-flux research reactor, PNPI, Gatchina", "RU", False, "PIK"),
    FacilityEntry("INP-KZ", "Institute of Nuclear Physics of Kazakhstan", "KZ", False, "INP"),
    FacilityEntry("INP-UZ", "Institute of Nuclear Physics, Tashkent", "UZ", False, "INPUZ"),
    FacilityEntry(
        "SOSNY",
        "Joint Institute for Power and Nuclear Research - Sosny, Minsk",
        "BY",
        False,
        "SOSNY",
    ),
    FacilityEntry("CSNS", "China Spallation Neutron Source, Dongguan", "CN", False, "CSNS"),
)
"""Facilities in document order."""

HEAVY_ION = "heavy-ion irradiation"
ION = "ion irradiation"
NEUTRON_IRRADIATION = "neutron irradiation"
DIFFRACTION = "neutron diffraction"
SANS = "small-angle neutron scattering"
REFLECTOMETRY = "neutron reflectometry"
INELASTIC = "inelastic neutron scattering"
XRD = "X-ray diffraction"
XAS = "X-ray spectroscopy"

INSTRUMENTS: tuple[InstrumentEntry, ...] = (
    InstrumentEntry("NICA-SOCHI", "NICA", "SOCHI chip irradiation station", HEAVY_ION),
    InstrumentEntry("IBR2-DN6", "IBR-2", "DN-6 high-pressure diffractometer", DIFFRACTION),
    InstrumentEntry("INP-DC60", "INP-KZ", "DC-60 heavy-ion cyclotron, Astana", ION),
    InstrumentEntry(
        "SKIF-1-4", "SKIF", "Station 1-4, XAFS spectroscopy and magnetic dichroism", XAS
    ),
    InstrumentEntry("NICA-ISCRA", "NICA", "ISCRA space electronics irradiation station", HEAVY_ION),
    InstrumentEntry("IBR2-YUMO", "IBR-2", "YuMO small-angle scattering spectrometer", SANS),
    InstrumentEntry("PIK-SANS", "PIK", "Small-angle neutron scattering instrument", SANS),
    InstrumentEntry(
        "IBR2-HRFD", "IBR-2", "HRFD high-resolution Fourier diffractometer", DIFFRACTION
    ),
    InstrumentEntry("FLNR-DC140", "FLNR", "DC-140 cyclotron, applied research channel", HEAVY_ION),
    InstrumentEntry("SKIF-1-1", "SKIF", "Station 1-1, Microfocus", XRD),
    InstrumentEntry("IBR2-GRAINS", "IBR-2", "GRAINS multifunctional reflectometer", REFLECTOMETRY),
    InstrumentEntry("INP-U150", "INP-KZ", "U-150M isochronous cyclotron, Almaty", ION),
    InstrumentEntry("NICA-SIMBO", "NICA", "SIMBO radiobiology station", "radiobiology"),
    InstrumentEntry(
        "IBR2-REFLEX", "IBR-2", "REFLEX polarised neutron reflectometer", REFLECTOMETRY
    ),
    InstrumentEntry("SOSNY-YALINA", "SOSNY", "Yalina subcritical assembly", NEUTRON_IRRADIATION),
    InstrumentEntry("CSNS-GPPD", "CSNS", "GPPD general-purpose powder diffractometer", DIFFRACTION),
    InstrumentEntry("SKIF-1-2", "SKIF", "Station 1-2, Structural diagnostics", XRD),
    InstrumentEntry("IBR2-FSD", "IBR-2", "FSD Fourier stress diffractometer", DIFFRACTION),
    InstrumentEntry("IBR2-NERA", "IBR-2", "NERA inverted-geometry spectrometer", INELASTIC),
    InstrumentEntry(
        "INPUZ-VVRSM",
        "INP-UZ",
        "VVR-SM research reactor, irradiation channels",
        NEUTRON_IRRADIATION,
        capacity=2,
    ),
    InstrumentEntry("CSNS-SANS", "CSNS", "Small-angle neutron scattering instrument", SANS),
    InstrumentEntry("SKIF-1-3", "SKIF", "Station 1-3, Fast processes", "time-resolved X-ray"),
    InstrumentEntry("PIK-POWDER", "PIK", "High-resolution powder diffractometer", DIFFRACTION),
    InstrumentEntry("CSNS-MR", "CSNS", "MR multipurpose reflectometer", REFLECTOMETRY),
    InstrumentEntry("SKIF-1-5", "SKIF", "Station 1-5, High-energy X-ray diagnostics", XRD),
    InstrumentEntry(
        "SKIF-1-6", "SKIF", "Station 1-6, Electronic structure", "photoelectron spectroscopy"
    ),
    InstrumentEntry("IBR2-EPSILON", "IBR-2", "EPSILON strain diffractometer", DIFFRACTION),
    InstrumentEntry("IBR2-SKAT", "IBR-2", "SKAT texture diffractometer", DIFFRACTION),
    InstrumentEntry("FLNR-U400M", "FLNR", "U-400M cyclotron, applied research channel", HEAVY_ION),
    InstrumentEntry("PIK-REFL", "PIK", "Polarised neutron reflectometer", REFLECTOMETRY),
    InstrumentEntry("PIK-TAS", "PIK", "Triple-axis spectrometer", INELASTIC),
    InstrumentEntry("INPUZ-U150", "INP-UZ", "U-150-II cyclotron", ION),
    InstrumentEntry(
        "SOSNY-GAMMA", "SOSNY", "Gamma irradiation facility", "gamma irradiation", capacity=2
    ),
    InstrumentEntry(
        "INP-WWRK",
        "INP-KZ",
        "WWR-K research reactor, irradiation channels",
        NEUTRON_IRRADIATION,
        capacity=2,
    ),
)
"""Known instruments in the order a round takes them: the first `n` give a balanced round."""

FACILITY_BY_ID: dict[str, FacilityEntry] = {facility.id: facility for facility in FACILITIES}
COUNTRY_BY_CODE: dict[str, CountryEntry] = {country.code: country for country in COUNTRIES}


def techniques_of(facility_id: str) -> list[str]:
    """The techniques of the catalogue's instruments at a facility, in catalogue order."""
    found: list[str] = []
    for entry in INSTRUMENTS:
        if entry.facility == facility_id and entry.technique not in found:
            found.append(entry.technique)
    return found


def synthetic_instrument(number: int) -> InstrumentEntry:
    """The `number`-th synthetic instrument (0-based), cycling over the facilities.

    Its technique cycles over the facility's known techniques, so synthetic stations
    can be alternatives to real ones; ids look like `IBR2-S007`.
    """
    facility = FACILITIES[number % len(FACILITIES)]
    techniques = techniques_of(facility.id)
    ordinal = number // len(FACILITIES) + 1
    technique = techniques[(ordinal - 1) % len(techniques)]
    return InstrumentEntry(
        f"{facility.prefix}-S{ordinal:03d}",
        facility.id,
        f"Synthetic {technique} station S{ordinal:03d}",
        technique,
    )


def select_instruments(count: int) -> list[InstrumentEntry]:
    """The first `count` catalogue instruments, then synthetic ones; ids are unique."""
    chosen = list(INSTRUMENTS[:count])
    chosen.extend(synthetic_instrument(number) for number in range(count - len(chosen)))
    return chosen
