"""Synthetic but plausible proposal titles, by the technique of the first request."""

from __future__ import annotations

from random import Random

DEVICES = (
    "rad-hard SRAM",
    "space-grade FPGAs",
    "SiC power MOSFETs",
    "GaN HEMTs",
    "automotive microcontrollers",
    "CMOS image sensors",
    "NAND flash memory",
    "DC-DC converters",
    "RISC-V processors",
    "optocouplers",
)
MATERIALS = (
    "tungsten for fusion walls",
    "zirconium alloys",
    "ferritic-martensitic steels",
    "high-entropy alloys",
    "silicon carbide",
    "layered cobaltites",
    "perovskite oxides",
    "lithium-ion cathodes",
    "magnesium alloys",
    "multiferroic ceramics",
    "MAX phases",
    "nickel superalloys",
    "metal-organic frameworks",
    "uranium-molybdenum fuel",
)
SOFT_MATTER = (
    "lipid membranes",
    "ferrofluids",
    "polymer electrolytes",
    "protein complexes",
    "micellar solutions",
    "graphene oxide dispersions",
    "nanodiamond suspensions",
    "block copolymers",
)
FILMS = (
    "Fe/Cr superlattices",
    "ferromagnet/superconductor bilayers",
    "lipid bilayers on silicon",
    "thin-film battery electrodes",
    "oxide heterostructures",
    "polymer brushes",
)
ORGANISMS = (
    "retinal cells",
    "Drosophila",
    "human lymphocytes",
    "Arabidopsis seeds",
    "brain organoids",
)

TEMPLATES: dict[str, tuple[str, ...]] = {
    "heavy-ion irradiation": (
        "Single-event effects in {device}",
        "Heavy-ion SEE cross-sections of {device}",
        "Radiation hardness of {device}",
    ),
    "ion irradiation": (
        "Ion-beam modification of {material}",
        "Radiation damage in {material}",
        "Track membranes from {soft}",
    ),
    "neutron irradiation": (
        "Neutron damage in {material}",
        "Neutron activation analysis of {material}",
    ),
    "gamma irradiation": ("Gamma-radiation stability of {material}",),
    "radiobiology": (
        "Biological effects of accelerated heavy ions on {organism}",
        "Radioprotective agents tested on {organism}",
    ),
    "neutron diffraction": (
        "Crystal and magnetic structure of {material} under pressure",
        "Residual stress in {material}",
        "Texture of deformed {material}",
    ),
    "small-angle neutron scattering": (
        "Structure of {soft} in solution",
        "Aggregation in {soft}",
    ),
    "neutron reflectometry": ("Interfaces in {film}", "Magnetic proximity effects in {film}"),
    "inelastic neutron scattering": (
        "Lattice dynamics of {material}",
        "Hydrogen vibrations in {material}",
    ),
    "X-ray diffraction": (
        "Microstructure of {material}",
        "In-situ phase transitions in {material}",
    ),
    "X-ray spectroscopy": (
        "Local structure of dopants in {material}",
        "Oxidation states in {material}",
    ),
    "time-resolved X-ray": ("Shock compression of {material}", "Fast crystallisation of {soft}"),
    "photoelectron spectroscopy": (
        "Electronic structure of {material}",
        "Band alignment in {film}",
    ),
}


def proposal_title(rng: Random, technique: str) -> str:
    """A title for a proposal whose first request uses `technique`."""
    templates = TEMPLATES.get(technique, ("Experiments on {material}",))
    return rng.choice(templates).format(
        device=rng.choice(DEVICES),
        material=rng.choice(MATERIALS),
        soft=rng.choice(SOFT_MATTER),
        film=rng.choice(FILMS),
        organism=rng.choice(ORGANISMS),
    )


def follow_up_title(title: str) -> str:
    """The title of a follow-up to a proposal called `title`."""
    return title if title.startswith("Follow-up: ") else f"Follow-up: {title}"
