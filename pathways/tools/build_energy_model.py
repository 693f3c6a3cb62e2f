#!/usr/bin/python3
"""Builds pathways/human_energy_metabolism.xml, ergon's stoichiometric model of human energy
metabolism (SBML L3V2 + fbc v2), from the reaction table below.

Run with Debian's interpreter (it has python3-sbml5):  /usr/bin/python3 pathways/tools/build_energy_model.py

Every reaction carries its source in the table (`src`), which ends up in the reaction's SBML
notes; pathways/README.md lists the sources and the modelling assumptions. Stoichiometry
follows the textbook reactions (Berg, Tymoczko & Stryer, Biochemistry, 7th ed. = "Stryer";
Nelson & Cox, Lehninger Principles of Biochemistry, 7th ed. = "Lehninger"); proton
stoichiometry of the respiratory chain and ATP synthase is the chemiosmotic accounting that
gives the measured P/O ratios (Hinkle 2005, Biochim Biophys Acta 1706:1-11). Gene symbols are
HGNC approved symbols.
"""
import os
import re
import sys

import libsbml

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "human_energy_metabolism.xml")

COMPARTMENTS = {
    "e": "extracellular space",
    "c": "cytosol",
    "i": "mitochondrial intermembrane space",
    "m": "mitochondrial matrix",
}

INF = 1000.0  # flux bounds in mmol/gDW/h; 1000 stands for "unconstrained", as in COBRA models

STRYER = "Berg, Tymoczko & Stryer, Biochemistry 7th ed."
LEHNINGER = "Nelson & Cox, Lehninger Principles of Biochemistry 7th ed."
HINKLE = "Hinkle 2005 Biochim Biophys Acta 1706:1-11 (H+/2e- of complexes I, III, IV = 4, 4, 2; 4 H+ per ATP made and exported, giving P/O 2.5 for NADH and 1.5 for succinate)"
LANOUE = "LaNoue & Tischler 1974 J Biol Chem 249:7522 (glutamate enters with a proton on the aspartate/glutamate carrier)"
PALMIEri = "Palmieri 2013 Mol Aspects Med 34:465 (SLC25 mitochondrial carriers)"

# Each row: id, name, equation ("->" irreversible, "<=>" reversible), GPR, subsystem, source.
# Bounds: irreversible 0..INF, reversible -INF..INF unless `lb`/`ub` given.
R = []


def rxn(rid, name, eq, gpr, subsystem, src, lb=None, ub=None):
    R.append(dict(id=rid, name=name, eq=eq, gpr=gpr, subsystem=subsystem, src=src, lb=lb, ub=ub))


# ---- Exchanges (negative flux = uptake) -------------------------------------------------------
for met, name, lb in [
    ("glc__D", "D-glucose", -1.0), ("o2", "O2", -INF), ("gln__L", "L-glutamine", 0.0),
    ("hdca", "palmitate", 0.0), ("lac__L", "L-lactate", 0.0), ("pyr", "pyruvate", 0.0),
    ("co2", "CO2", -INF), ("h2o", "H2O", -INF), ("h", "H+", -INF), ("pi", "phosphate", -INF),
    ("nh4", "ammonium", 0.0), ("eaa", "essential amino acids (lumped)", 0.0),
]:
    rxn(f"EX_{met}_e", f"{name} exchange", f"{met}_e <=>", "", "Exchange",
        "medium definition; default uptake bounds are set by experiments and variants", lb=lb, ub=INF)

# ---- Transport across the plasma membrane -----------------------------------------------------
rxn("GLCt1", "glucose transport (GLUT)", "glc__D_e <=> glc__D_c", "SLC2A1 or SLC2A3", "Transport", STRYER)
rxn("L_LACt2r", "lactate/H+ symport (MCT)", "lac__L_c + h_c <=> lac__L_e + h_e", "SLC16A1 or SLC16A3", "Transport", "Halestrap 2013 Mol Aspects Med 34:337")
rxn("PYRt2", "pyruvate/H+ symport (MCT)", "pyr_c + h_c <=> pyr_e + h_e", "SLC16A1", "Transport", "Halestrap 2013 Mol Aspects Med 34:337")
rxn("GLNt", "glutamine transport (ASCT2)", "gln__L_e <=> gln__L_c", "SLC1A5", "Transport", "Bhutia & Ganapathy 2016 Biochim Biophys Acta 1863:2531 (Na+ coupling not modelled)")
rxn("HDCAt", "palmitate uptake", "hdca_e <=> hdca_c", "CD36", "Transport", LEHNINGER)
rxn("EAAt", "essential amino acid uptake (lumped)", "eaa_e -> eaa_c", "SLC7A5", "Transport", "lumped; LAT1 carries most essential amino acids")
for met in ["o2", "co2", "h2o", "nh4"]:
    rxn(f"{met.upper()}t", f"{met} diffusion, plasma membrane", f"{met}_e <=> {met}_c", "", "Transport", "free diffusion")
rxn("Ht", "proton exchange, plasma membrane (pH buffered)", "h_e <=> h_c", "", "Transport", "cytosolic pH held constant, as in COBRA models")
rxn("PIt", "phosphate uptake", "pi_e <=> pi_c", "SLC20A1", "Transport", "Na+ coupling not modelled")

# ---- Glycolysis and lactate fermentation (cytosol) --------------------------------------------
rxn("HEX1", "hexokinase", "glc__D_c + atp_c -> g6p_c + adp_c + h_c", "HK1 or HK2 or HK3 or GCK", "Glycolysis", STRYER)
rxn("PGI", "glucose-6-phosphate isomerase", "g6p_c <=> f6p_c", "GPI", "Glycolysis", STRYER)
rxn("PFK", "phosphofructokinase", "f6p_c + atp_c -> fdp_c + adp_c + h_c", "PFKM or PFKL or PFKP", "Glycolysis", STRYER)
rxn("FBA", "fructose-bisphosphate aldolase", "fdp_c <=> dhap_c + g3p_c", "ALDOA or ALDOB or ALDOC", "Glycolysis", STRYER)
rxn("TPI", "triose-phosphate isomerase", "dhap_c <=> g3p_c", "TPI1", "Glycolysis", STRYER)
rxn("GAPD", "glyceraldehyde-3-phosphate dehydrogenase", "g3p_c + nad_c + pi_c <=> 13dpg_c + nadh_c + h_c", "GAPDH", "Glycolysis", STRYER)
rxn("PGK", "phosphoglycerate kinase", "13dpg_c + adp_c <=> 3pg_c + atp_c", "PGK1", "Glycolysis", STRYER)
rxn("PGM", "phosphoglycerate mutase", "3pg_c <=> 2pg_c", "PGAM1 or PGAM2", "Glycolysis", STRYER)
rxn("ENO", "enolase", "2pg_c <=> pep_c + h2o_c", "ENO1 or ENO2 or ENO3", "Glycolysis", STRYER)
rxn("PYK", "pyruvate kinase", "pep_c + adp_c + h_c -> pyr_c + atp_c", "PKM or PKLR", "Glycolysis", STRYER)
rxn("LDH_L", "L-lactate dehydrogenase", "pyr_c + nadh_c + h_c <=> lac__L_c + nad_c", "LDHA or LDHB", "Lactate fermentation", STRYER)

# ---- Pentose-phosphate pathway -------------------------------------------------------------
rxn("G6PDH", "glucose-6-phosphate dehydrogenase", "g6p_c + nadp_c -> 6pgl_c + nadph_c + h_c", "G6PD", "Pentose phosphate pathway", STRYER)
rxn("PGL", "6-phosphogluconolactonase", "6pgl_c + h2o_c -> 6pgc_c + h_c", "PGLS", "Pentose phosphate pathway", STRYER)
rxn("GND", "6-phosphogluconate dehydrogenase", "6pgc_c + nadp_c -> ru5p__D_c + co2_c + nadph_c", "PGD", "Pentose phosphate pathway", STRYER)
rxn("RPI", "ribose-5-phosphate isomerase", "ru5p__D_c <=> r5p_c", "RPIA", "Pentose phosphate pathway", STRYER)
rxn("RPE", "ribulose-5-phosphate epimerase", "ru5p__D_c <=> xu5p__D_c", "RPE", "Pentose phosphate pathway", STRYER)
rxn("TKT1", "transketolase (r5p, xu5p)", "r5p_c + xu5p__D_c <=> g3p_c + s7p_c", "TKT", "Pentose phosphate pathway", STRYER)
rxn("TALA", "transaldolase", "g3p_c + s7p_c <=> e4p_c + f6p_c", "TALDO1", "Pentose phosphate pathway", STRYER)
rxn("TKT2", "transketolase (e4p, xu5p)", "e4p_c + xu5p__D_c <=> f6p_c + g3p_c", "TKT", "Pentose phosphate pathway", STRYER)
rxn("GTHOX", "NADPH use by antioxidant defence (glutathione reductase, lumped)", "nadph_c + h_c -> nadp_c", "GSR", "Pentose phosphate pathway",
    "lumped NADPH demand (glutathione/thioredoxin systems); bounded by experiments", lb=0.0, ub=0.0)

# ---- Pyruvate into mitochondria, PDH, TCA cycle ----------------------------------------------
rxn("PYRt2m", "mitochondrial pyruvate carrier", "pyr_c + h_i -> pyr_m + h_m", "MPC1 and MPC2", "Transport, mitochondrial", "Bricker et al. 2012 Science 337:96; H+ symport: Halestrap 1975 Biochem J 148:85")
rxn("PDH", "pyruvate dehydrogenase complex", "pyr_m + coa_m + nad_m -> accoa_m + co2_m + nadh_m", "PDHA1 and PDHB and DLAT and DLD and PDHX", "Pyruvate dehydrogenase", STRYER)
rxn("PC", "pyruvate carboxylase", "pyr_m + co2_m + atp_m + h2o_m -> oaa_m + adp_m + pi_m + 2 h_m", "PC", "Anaplerosis", STRYER)
rxn("CS", "citrate synthase", "accoa_m + oaa_m + h2o_m -> cit_m + coa_m + h_m", "CS", "TCA cycle", STRYER)
rxn("ACONT", "aconitase", "cit_m <=> icit_m", "ACO2", "TCA cycle", STRYER)
rxn("ICDHxm", "isocitrate dehydrogenase (NAD)", "icit_m + nad_m -> akg_m + co2_m + nadh_m", "IDH3A and IDH3B and IDH3G", "TCA cycle", STRYER)
rxn("AKGDm", "2-oxoglutarate dehydrogenase complex", "akg_m + coa_m + nad_m -> succoa_m + co2_m + nadh_m", "OGDH and DLST and DLD", "TCA cycle", STRYER)
# Both isoforms run in the TCA direction only: with both reversible, GTP-form forward + ATP-form
# backward + NDPK is a closed loop with no net reaction (a thermodynamically infeasible cycle).
rxn("SUCOASm", "succinyl-CoA synthetase (GTP-forming)", "succoa_m + gdp_m + pi_m -> succ_m + gtp_m + coa_m", "SUCLG1 and SUCLG2", "TCA cycle", STRYER)
rxn("SUCOASAm", "succinyl-CoA synthetase (ATP-forming)", "succoa_m + adp_m + pi_m -> succ_m + atp_m + coa_m", "SUCLG1 and SUCLA2", "TCA cycle", STRYER)
rxn("NDPK1m", "nucleoside-diphosphate kinase (GTP:ADP)", "gtp_m + adp_m <=> gdp_m + atp_m", "NME4", "TCA cycle", STRYER)
rxn("SUCD1m", "succinate dehydrogenase (complex II)", "succ_m + q10_m -> fum_m + q10h2_m", "SDHA and SDHB and SDHC and SDHD", "Oxidative phosphorylation", STRYER)
rxn("FUMm", "fumarase", "fum_m + h2o_m <=> mal__L_m", "FH", "TCA cycle", STRYER)
rxn("MDHm", "malate dehydrogenase, mitochondrial", "mal__L_m + nad_m <=> oaa_m + nadh_m + h_m", "MDH2", "TCA cycle", STRYER)
rxn("ME2", "malic enzyme (NAD), mitochondrial", "mal__L_m + nad_m -> pyr_m + co2_m + nadh_m", "ME2", "Anaplerosis", LEHNINGER)

# ---- Electron transport chain and ATP synthase (chemiosmotic coupling) ---------------------
# Protons pumped into the intermembrane space (h_i) per 2 electrons: CI 4, CIII 4, CIV 2 (Hinkle 2005).
# Matrix protons consumed by chemistry are written explicitly. The P/O ratio is not typed in: it
# follows from these pumps and from the protons the synthase and the phosphate carrier take back.
CI = "MT-ND1 and MT-ND2 and MT-ND3 and MT-ND4 and MT-ND4L and MT-ND5 and MT-ND6 and NDUFS1 and NDUFS2 and NDUFS3 and NDUFS7 and NDUFS8 and NDUFV1 and NDUFV2"
rxn("NADH2_u10m", "NADH:ubiquinone oxidoreductase (complex I)", "nadh_m + q10_m + 5 h_m -> nad_m + q10h2_m + 4 h_i", CI, "Oxidative phosphorylation",
    HINKLE + "; core subunits: Sazanov 2015 Nat Rev Mol Cell Biol 16:375")
rxn("CYOR_u10m", "ubiquinol:cytochrome c reductase (complex III, Q cycle)", "q10h2_m + 2 ficytC_i + 2 h_m -> q10_m + 2 focytC_i + 4 h_i", "MT-CYB and CYC1 and UQCRFS1", "Oxidative phosphorylation", HINKLE)
rxn("CYOOm", "cytochrome c oxidase (complex IV)", "4 focytC_i + o2_m + 8 h_m -> 4 ficytC_i + 2 h2o_m + 4 h_i", "MT-CO1 and MT-CO2 and MT-CO3", "Oxidative phosphorylation", HINKLE)
# ATP synthase is written as BiGG/Recon's ATPS4mi: 4 H+ enter from the intermembrane space per
# ATP and one of them is consumed by the condensation ADP + Pi + H+ -> ATP + H2O. That proton is
# released again when the exported ATP is hydrolysed in the cytosol, so with the phosphate
# carrier's H+ the net cost of one cytosolic ATP is 4 H+, which is Hinkle's (2005) 3 H+ for
# synthesis + 1 H+ for transport and gives P/O 2.5 (NADH) and 1.5 (succinate). The F0 rotor of
# mammals moves 8/3 H+ per ATP (c8 ring: Watt et al. 2010 PNAS 107:16823); the measured P/O
# ratios, which include proton leak and slip, are what this stoichiometry reproduces.
rxn("ATPS4mi", "ATP synthase (complex V)", "adp_m + pi_m + 4 h_i -> atp_m + h2o_m + 3 h_m",
    "MT-ATP6 and MT-ATP8 and ATP5F1A and ATP5F1B and ATP5F1C and ATP5F1D and ATP5F1E", "Oxidative phosphorylation", HINKLE)
rxn("ATPtm", "ADP/ATP translocase (ANT)", "adp_c + atp_m -> adp_m + atp_c", "SLC25A4 or SLC25A5 or SLC25A6", "Transport, mitochondrial", PALMIEri + "; electrogenic exchange, its charge cost counted on the phosphate carrier (Hinkle 2005)")
rxn("PIt2m", "phosphate carrier (H+ symport)", "pi_c + h_i -> pi_m + h_m", "SLC25A3", "Transport, mitochondrial", PALMIEri)
rxn("Hti", "porin: intermembrane space and cytosol share protons", "h_i <=> h_c", "VDAC1 or VDAC2 or VDAC3", "Transport, mitochondrial", "the outer membrane is permeable to small ions (Colombini 2004 Mol Cell Biochem 256:107)")
rxn("UCP", "proton leak / uncoupling protein", "h_i -> h_m", "UCP2", "Oxidative phosphorylation", "Brand & Nicholls 2011 Biochem J 435:297; closed (0) unless a variant opens it", lb=0.0, ub=0.0)
for met in ["o2", "co2", "h2o"]:
    rxn(f"{met.upper()}tm", f"{met} diffusion, inner membrane", f"{met}_c <=> {met}_m", "", "Transport, mitochondrial", "free diffusion")

# ---- NADH shuttles ---------------------------------------------------------------------------
rxn("MDH", "malate dehydrogenase, cytosolic", "mal__L_c + nad_c <=> oaa_c + nadh_c + h_c", "MDH1", "Malate-aspartate shuttle", STRYER)
rxn("ASPTA", "aspartate transaminase, cytosolic", "asp__L_c + akg_c <=> oaa_c + glu__L_c", "GOT1", "Malate-aspartate shuttle", STRYER)
rxn("ASPTAm", "aspartate transaminase, mitochondrial", "asp__L_m + akg_m <=> oaa_m + glu__L_m", "GOT2", "Malate-aspartate shuttle", STRYER)
rxn("AKGMALtm", "oxoglutarate/malate carrier", "akg_m + mal__L_c <=> akg_c + mal__L_m", "SLC25A11", "Malate-aspartate shuttle", PALMIEri)
rxn("ASPGLUm", "aspartate/glutamate carrier (H+ with glutamate)", "asp__L_m + glu__L_c + h_i -> asp__L_c + glu__L_m + h_m", "SLC25A12 or SLC25A13", "Malate-aspartate shuttle", LANOUE)
rxn("G3PD1", "glycerol-3-phosphate dehydrogenase, cytosolic", "dhap_c + nadh_c + h_c <=> glyc3p_c + nad_c", "GPD1", "Glycerol-3-phosphate shuttle", STRYER)
rxn("G3PD2m", "glycerol-3-phosphate dehydrogenase, mitochondrial (FAD)", "glyc3p_c + q10_m -> dhap_c + q10h2_m", "GPD2", "Glycerol-3-phosphate shuttle", STRYER)

# ---- Glutaminolysis -------------------------------------------------------------------------
rxn("GLNtm", "glutamine transport into mitochondria", "gln__L_c <=> gln__L_m", "SLC1A5", "Glutaminolysis", "Yoo et al. 2020 Cell Metab 31:267 (SLC1A5 variant)")
rxn("GLUNm", "glutaminase", "gln__L_m + h2o_m -> glu__L_m + nh4_m", "GLS or GLS2", "Glutaminolysis", "DeBerardinis et al. 2007 PNAS 104:19345")
rxn("GLUDxm", "glutamate dehydrogenase (NAD)", "glu__L_m + nad_m + h2o_m <=> akg_m + nadh_m + nh4_m + h_m", "GLUD1", "Glutaminolysis", STRYER)
rxn("NH4tm", "ammonia diffusion, inner membrane", "nh4_m <=> nh4_c", "", "Transport, mitochondrial", "free diffusion (as NH3)")

# ---- Fatty-acid activation, carnitine shuttle, beta-oxidation ---------------------------------
rxn("FACOAL160", "long-chain acyl-CoA synthetase (palmitate)", "hdca_c + atp_c + coa_c -> pmtcoa_c + amp_c + ppi_c", "ACSL1", "Fatty acid oxidation", STRYER)
rxn("CPTSHUTTLE", "carnitine shuttle (CPT1, CACT, CPT2; lumped)", "pmtcoa_c + coa_m -> pmtcoa_m + coa_c", "CPT1A and SLC25A20 and CPT2", "Fatty acid oxidation", STRYER)
rxn("FAOXC160", "beta-oxidation of palmitoyl-CoA (7 cycles, lumped)",
    "pmtcoa_m + 7 coa_m + 7 nad_m + 7 etfox_m + 7 h2o_m -> 8 accoa_m + 7 nadh_m + 7 etfrd_m + 7 h_m",
    "ACADVL and HADHA and HADHB", "Fatty acid oxidation", STRYER + " (7 FADH2 + 7 NADH + 8 acetyl-CoA per palmitoyl-CoA)")
rxn("ETFQO", "ETF:ubiquinone oxidoreductase", "etfrd_m + q10_m -> etfox_m + q10h2_m", "ETFA and ETFB and ETFDH", "Fatty acid oxidation", STRYER)
rxn("ADK1", "adenylate kinase", "amp_c + atp_c <=> 2 adp_c", "AK1", "Nucleotide interconversion", STRYER)
rxn("PPA", "inorganic pyrophosphatase", "ppi_c + h2o_c -> 2 pi_c + h_c", "PPA1", "Nucleotide interconversion", STRYER)

# ---- Anabolism (lumped) -----------------------------------------------------------------------
rxn("CITtam", "citrate carrier", "cit_m + mal__L_c <=> cit_c + mal__L_m", "SLC25A1", "Lipid synthesis", PALMIEri)
rxn("ACITL", "ATP-citrate lyase", "cit_c + atp_c + coa_c -> accoa_c + oaa_c + adp_c + pi_c", "ACLY", "Lipid synthesis", STRYER)
rxn("ME1", "malic enzyme (NADP), cytosolic", "mal__L_c + nadp_c -> pyr_c + co2_c + nadph_c", "ME1", "Lipid synthesis", STRYER)
rxn("FAS160", "palmitate synthesis (acetyl-CoA carboxylase + fatty-acid synthase, lumped)",
    "8 accoa_c + 7 atp_c + 14 nadph_c + 14 h_c -> hdca_c + 8 coa_c + 7 adp_c + 7 pi_c + 14 nadp_c + 6 h2o_c",
    "ACACA and FASN", "Lipid synthesis", STRYER + " (8 acetyl-CoA + 7 ATP + 14 NADPH per palmitate)")
rxn("LIPIDS", "membrane lipid synthesis (lumped: palmitate + glycerol-3-phosphate backbone)",
    "2 hdca_c + glyc3p_c + 2 atp_c + 2 coa_c -> lipid_c + 2 amp_c + 2 ppi_c + 2 coa_c", "GPAM and AGPAT2", "Lipid synthesis",
    STRYER + " (phosphatidate: glycerol-3-phosphate + 2 acyl-CoA; each acyl-CoA costs ATP -> AMP)")
rxn("ALATA_L", "alanine transaminase", "pyr_c + glu__L_c <=> ala__L_c + akg_c", "GPT or GPT2", "Amino acid synthesis", STRYER)
rxn("SERSYN", "serine synthesis from 3-phosphoglycerate (PHGDH, PSAT1, PSPH; lumped)",
    "3pg_c + nad_c + glu__L_c + h2o_c -> ser__L_c + nadh_c + h_c + akg_c + pi_c", "PHGDH and PSAT1 and PSPH", "Amino acid synthesis", STRYER)
rxn("GLUDC", "glutamate pool: cytosolic glutamate from glutamine", "gln__L_c + h2o_c -> glu__L_c + nh4_c", "GLS", "Amino acid synthesis",
    "cytosolic glutaminase activity and amidotransferases, lumped")
rxn("PROTS", "protein synthesis (lumped; 4 ATP equivalents per peptide bond)",
    "0.25 ala__L_c + 0.15 asp__L_c + 0.15 glu__L_c + 0.1 gln__L_c + 0.1 ser__L_c + 0.25 eaa_c + 4 atp_c + 4 h2o_c -> protein_c + 4 adp_c + 4 pi_c + 4 h_c",
    "", "Protein synthesis",
    "4 high-energy phosphates per peptide bond (2 aminoacylation, 2 GTP in elongation): Stryer ch. 30; amino-acid mix illustrative (essential amino acids lumped as eaa)")
rxn("NTDS", "nucleotide synthesis (lumped purine/pyrimidine average)",
    "r5p_c + 1.5 gln__L_c + asp__L_c + co2_c + 5 atp_c + 5 h2o_c -> nmp_c + 1.5 glu__L_c + 5 adp_c + 5 pi_c + 5 h_c",
    "PRPS1 and PPAT and CAD", "Nucleotide synthesis",
    "average of de novo IMP (PRPP + 2 Gln + Asp + Gly + CO2 + 2 formyl-THF, ~6 ATP) and UMP (PRPP + Gln + Asp + CO2, ~4 ATP): Lehninger ch. 22; glycine, one-carbon units and fumarate release lumped")

# Proliferating-cell biomass (per gDW): mass fractions of a cultured mammalian cell, protein 0.60,
# lipid 0.15, nucleic acids 0.06 (Alberts et al., Molecular Biology of the Cell, 6th ed., Table
# 2-1 gives the composition of a typical mammalian cell; we take its dry-mass fractions and
# lumped molar masses of 110 g/mol per amino acid residue, 750 g/mol per lipid, 330 g/mol per
# nucleotide), plus a growth-associated ATP cost of 20 mmol/gDW (order of magnitude used by
# human genome-scale models, e.g. Recon: Thiele et al. 2013 Nat Biotechnol 31:419).
rxn("BIOMASS_prolif", "proliferating-cell biomass (lumped)",
    "5.45 protein_c + 0.2 lipid_c + 0.18 nmp_c + 20 atp_c + 20 h2o_c -> biomass_c + 20 adp_c + 20 pi_c + 20 h_c",
    "", "Biomass", "see comment above this reaction in pathways/tools/build_energy_model.py and pathways/README.md")
rxn("EX_biomass", "biomass export", "biomass_c ->", "", "Exchange", "sink for the biomass objective")
# Non-growth ATP maintenance: the cell's ATP demand; maximising it gives the ATP production capacity.
rxn("ATPM", "ATP maintenance (demand)", "atp_c + h2o_c -> adp_c + pi_c + h_c", "", "ATP demand", "demand reaction; its flux is the ATP production rate", lb=0.0, ub=INF)

# ---- Species names -------------------------------------------------------------------------
NAMES = {
    "glc__D": "D-glucose", "g6p": "glucose 6-phosphate", "f6p": "fructose 6-phosphate", "fdp": "fructose 1,6-bisphosphate",
    "dhap": "dihydroxyacetone phosphate", "g3p": "glyceraldehyde 3-phosphate", "13dpg": "1,3-bisphosphoglycerate",
    "3pg": "3-phosphoglycerate", "2pg": "2-phosphoglycerate", "pep": "phosphoenolpyruvate", "pyr": "pyruvate",
    "lac__L": "L-lactate", "nad": "NAD+", "nadh": "NADH", "nadp": "NADP+", "nadph": "NADPH", "atp": "ATP", "adp": "ADP",
    "amp": "AMP", "gtp": "GTP", "gdp": "GDP", "pi": "phosphate", "ppi": "diphosphate", "h2o": "H2O", "h": "H+",
    "co2": "CO2", "o2": "O2", "coa": "coenzyme A", "accoa": "acetyl-CoA", "cit": "citrate", "icit": "isocitrate",
    "akg": "2-oxoglutarate", "succoa": "succinyl-CoA", "succ": "succinate", "fum": "fumarate", "mal__L": "L-malate",
    "oaa": "oxaloacetate", "q10": "ubiquinone-10", "q10h2": "ubiquinol-10", "ficytC": "ferricytochrome c",
    "focytC": "ferrocytochrome c", "asp__L": "L-aspartate", "glu__L": "L-glutamate", "gln__L": "L-glutamine",
    "nh4": "ammonium", "glyc3p": "glycerol 3-phosphate", "6pgl": "6-phospho-D-glucono-1,5-lactone",
    "6pgc": "6-phospho-D-gluconate", "ru5p__D": "D-ribulose 5-phosphate", "r5p": "ribose 5-phosphate",
    "xu5p__D": "D-xylulose 5-phosphate", "s7p": "sedoheptulose 7-phosphate", "e4p": "erythrose 4-phosphate",
    "hdca": "palmitate", "pmtcoa": "palmitoyl-CoA", "etfox": "electron-transfer flavoprotein (oxidised)",
    "etfrd": "electron-transfer flavoprotein (reduced)", "ala__L": "L-alanine", "ser__L": "L-serine",
    "eaa": "essential amino acids (lumped)", "protein": "protein (per amino-acid residue)", "lipid": "membrane lipid (lumped)",
    "nmp": "nucleotide (lumped)", "biomass": "biomass",
}


def parse(eq):
    rev = "<=>" in eq
    left, right = re.split(r"<=>|->", eq)

    def side(text):
        out = []
        for term in [t.strip() for t in text.split(" + ") if t.strip()]:
            parts = term.split()
            coef, met = (float(parts[0]), parts[1]) if len(parts) == 2 else (1.0, parts[0])
            out.append((met, coef))
        return out

    return side(left), side(right), rev


def gene_id(symbol):
    return "G_" + symbol.replace("-", "_")


def gpr_genes(gpr):
    return [t for t in re.split(r"[\s()]+", gpr) if t and t not in ("and", "or")]


def build():
    ns = libsbml.SBMLNamespaces(3, 2, "fbc", 2)
    doc = libsbml.SBMLDocument(ns)
    doc.setPackageRequired("fbc", False)
    model = doc.createModel()
    model.setId("human_energy_metabolism")
    model.setName("ergon human energy metabolism (stoichiometric)")
    model.setMetaId("meta_human_energy_metabolism")
    fbc = model.getPlugin("fbc")
    fbc.setStrict(True)
    model.setNotes(
        '<body xmlns="http://www.w3.org/1999/xhtml"><p>Generated by pathways/tools/build_energy_model.py. '
        "Sources per reaction in each reaction's notes and in pathways/README.md.</p></body>")

    ud = model.createUnitDefinition()
    ud.setId("mmol_per_gDW_per_hr")
    for kind, exp, scale, mult in [(libsbml.UNIT_KIND_MOLE, 1, -3, 1), (libsbml.UNIT_KIND_GRAM, -1, 0, 1),
                                   (libsbml.UNIT_KIND_SECOND, -1, 0, 3600)]:
        u = ud.createUnit()
        u.setKind(kind)
        u.setExponent(exp)
        u.setScale(scale)
        u.setMultiplier(mult)

    for cid, name in COMPARTMENTS.items():
        c = model.createCompartment()
        c.setId(cid)
        c.setName(name)
        c.setConstant(True)

    bound_params = {}

    def bound(value):
        key = f"{value:g}"
        if key not in bound_params:
            pid = {-INF: "cobra_default_lb", INF: "cobra_default_ub", 0.0: "cobra_0_bound"}.get(value)
            if pid is None:
                pid = "bound_" + key.replace("-", "minus_").replace(".", "_")
            p = model.createParameter()
            p.setId(pid)
            p.setValue(value)
            p.setConstant(True)
            p.setUnits("mmol_per_gDW_per_hr")
            p.setSBOTerm("SBO:0000626")
            bound_params[key] = pid
        return bound_params[key]

    species = {}
    genes = {}
    for r in R:
        left, right, rev = parse(r["eq"])
        for met, _ in left + right:
            if met not in species:
                base, comp = met.rsplit("_", 1)
                s = model.createSpecies()
                s.setId("M_" + met)
                s.setName(NAMES.get(base, base))
                s.setCompartment(comp)
                s.setHasOnlySubstanceUnits(False)
                s.setBoundaryCondition(False)
                s.setConstant(False)
                species[met] = s
        for g in gpr_genes(r["gpr"]):
            if g not in genes:
                gp = fbc.createGeneProduct()
                gp.setId(gene_id(g))
                gp.setLabel(g)
                gp.setName(g)
                genes[g] = gp

    for r in R:
        left, right, rev = parse(r["eq"])
        rx = model.createReaction()
        rx.setId("R_" + r["id"])
        rx.setName(r["name"])
        rx.setReversible(rev)
        rx.setFast(False)
        for met, coef in left:
            sr = rx.createReactant()
            sr.setSpecies("M_" + met)
            sr.setStoichiometry(coef)
            sr.setConstant(True)
        for met, coef in right:
            sr = rx.createProduct()
            sr.setSpecies("M_" + met)
            sr.setStoichiometry(coef)
            sr.setConstant(True)
        lb = r["lb"] if r["lb"] is not None else (-INF if rev else 0.0)
        ub = r["ub"] if r["ub"] is not None else INF
        rp = rx.getPlugin("fbc")
        rp.setLowerFluxBound(bound(lb))
        rp.setUpperFluxBound(bound(ub))
        if r["gpr"]:
            gpa = rp.createGeneProductAssociation()
            expr = re.sub(r"[A-Za-z0-9\-]+", lambda m: m.group(0) if m.group(0) in ("and", "or") else gene_id(m.group(0)), r["gpr"])
            if gpa.setAssociation(expr, True, False) != libsbml.LIBSBML_OPERATION_SUCCESS:
                sys.exit(f"bad GPR for {r['id']}: {r['gpr']}")
        notes = (f'<body xmlns="http://www.w3.org/1999/xhtml"><p>SUBSYSTEM: {r["subsystem"]}</p>'
                 f"<p>SOURCE: {escape(r['src'])}</p></body>")
        rx.setNotes(notes)

    for oid, target, sense in [("atp_max", "ATPM", "maximize"), ("growth", "BIOMASS_prolif", "maximize")]:
        obj = fbc.createObjective()
        obj.setId(oid)
        obj.setType(sense)
        fo = obj.createFluxObjective()
        fo.setReaction("R_" + target)
        fo.setCoefficient(1.0)
    fbc.setActiveObjectiveId("atp_max")

    libsbml.writeSBMLToFile(doc, OUT)
    # Validate what was written (checkConsistency on the in-memory document crashes libSBML 5.19).
    written = libsbml.readSBMLFromFile(OUT)
    written.checkConsistency()
    for i in range(written.getNumErrors()):
        e = written.getError(i)
        if e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR:
            sys.exit(f"SBML error: line {e.getLine()}: {e.getMessage()}")
    print(f"wrote {os.path.relpath(OUT)}: {len(species)} species, {len(R)} reactions, {len(genes)} genes")


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":
    build()
