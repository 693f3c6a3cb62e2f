#!/usr/bin/python3
"""Builds pathways/human_energy_kinetic.xml, ergon's kinetic model of a human cell's energy
metabolism: lumped glycolysis, lactate export, adenylate kinase, the malate-aspartate shuttle,
pyruvate oxidation (MPC + PDH + TCA cycle, lumped), the respiratory chain pumping protons,
ATP synthase and the adenine nucleotide translocator driven by the membrane potential, a proton
leak and an ATP-demand load. SBML L3V2, concentrations in mM, time in s, potential in mV.

Run with Debian's interpreter (it has python3-sbml5):  /usr/bin/python3 pathways/tools/build_kinetic_model.py

Every constant below carries its source; the source ends up in the SBML notes of the parameter,
species or reaction, and pathways/README.md lists them. Values marked CHOSEN are capacities of
this lumped model (cell-type Vmax values) set so that the model meets the stated targets, not
measurements; they are listed as such in the README.
"""
import os
import sys

import libsbml

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "human_energy_kinetic.xml")

SHESTOV = "Shestov et al. 2014 eLife 3:e03342, parameter named after the comma in shared/models/kinetic/shestov2014_warburg_glycolysis.xml (mM/min there, mM/s here)"
MULQ = "Mulquiney & Kuchel 1999 Biochem J 342:565-597 (parts I-III), parameter named after the comma in shared/models/kinetic/mulquiney1999_erythrocyte_bpg.xml"
BERTRAM = "Bertram, Pedersen, Luciani & Sherman 2006 J Theor Biol 243:575, parameter named after the comma in shared/models/kinetic/bertram2006_mito_atp.xml (uM/ms there = mM/s here)"
WU = "Wu, Jeneson & Beard 2007 Am J Physiol Cell Physiol 292:C115, resting state (shared/models/kinetic/wu2007_skeletal_muscle_oxphos.xml)"
MK = "Magnus & Keizer 1997 Am J Physiol 273:C717 ANT rate law, as used by Cortassa et al. 2003 Biophys J 84:2734"
KZ = "Korzeniewski & Zoladz 2001 Biophys Chem 92:17, ATP synthase (vSN) (shared/models/kinetic/korzeniewski_zoladz2001_muscle_oxphos.cellml)"
HINKLE = "Hinkle 2005 Biochim Biophys Acta 1706:1 (10 H+ per NADH pumped; 4 H+ per cytosolic ATP incl. transport), as in human_energy_metabolism.xml"
CHOSEN = "CHOSEN capacity of this lumped model, set to meet the targets in pathways/README.md (Targets, steady state and load sweep)"

# id: (value, units, meaning, source)
P = {
    # --- environment -------------------------------------------------------------------------
    "glc_e": (5.0, "mM", "extracellular glucose (clamped)", SHESTOV + ", GLUe"),
    "lac_e": (0.5, "mM", "extracellular lactate (clamped)", SHESTOV + ", LACe"),
    "o2": (0.076, "mM", "intracellular O2 (clamped; hypoxia lowers it)", SHESTOV + ", initial O2"),
    "pi": (5.11, "mM", "cytosolic phosphate (constant; not an explicit substrate)", SHESTOV + ", initial P"),
    # --- glucose transport and hexokinase ----------------------------------------------------
    "V_glut": (100.0 / 60, "mM/s", "GLUT Vmax (100 mM/min)", SHESTOV + ", Vf_GLUT"),
    "K_glut": (2.1, "mM", "GLUT Km for glucose (both sides)", SHESTOV + ", KM_GLUT_GLUe"),
    "V_hk": (0.05, "mM/s", "hexokinase Vmax", CHOSEN),
    "K_hk_glc": (0.047, "mM", "HK Km (dissociation) glucose", MULQ + ", Kihkglc 4.7e-5 M"),
    "K_hk_atp": (1.0, "mM", "HK Km MgATP", MULQ + ", Kmhkmgatp 1e-3 M"),
    "Ki_hk_g6p": (0.01, "mM", "HK inhibition by glucose 6-phosphate", MULQ + ", Kdihkglc6p 1e-5 M"),
    # --- phosphofructokinase (MWC: ATP inhibits the T state, AMP activates the R state) -------
    "K_hpi": (0.3258, "1", "hexose-P isomerase equilibrium F6P/G6P (F6P is this fraction of the G6P pool)", SHESTOV + ", KE_HPI"),
    "V_pfk": (1.5, "mM/s", "PFK Vmax", CHOSEN),
    "K_pfk_f6p": (0.075, "mM", "PFK Km F6P", MULQ + ", Kmpfkfru6p 7.5e-5 M"),
    "K_pfk_atp": (0.068, "mM", "PFK Km MgATP", MULQ + ", Kmpfkmgatp 6.8e-5 M"),
    "L_pfk": (0.18, "1", "PFK allosteric constant at pH 7.2 ((10^-pH/Ka)^n with Ka 8.9e-8 M, n 5)", MULQ + ", Kapfk, npfk"),
    "Ki_pfk_atp": (0.3, "mM", "PFK T-state ATP constant, apparent for total ATP", CHOSEN + " (Mulquiney's KTpfkatp = 0.1 mM is for Mg-free ATP; 0.3 mM for total ATP is a calibration so that glycolysis is mostly shut at rest and opens as ATP/ADP falls below ~50)"),
    "Ka_pfk_amp": (0.001, "mM", "PFK AMP activation constant", SHESTOV + ", KA_PFK_AMP (Mulquiney's erythrocyte KR = 0.3 mM would leave PFK blind to AMP at physiological ATP/ADP)"),
    # --- lower glycolysis, lumped (aldolase, TPI, GAPDH, PGK, PGM, enolase) -------------------
    "V_lg": (4.0, "mM/s", "lumped aldolase-GAPDH-PGK capacity (per FBP)", CHOSEN),
    "K_lg_fbp": (0.16, "mM", "aldolase Km FBP", SHESTOV + ", KMf_ALD"),
    "K_lg_nad": (0.55, "mM", "GAPDH Km NAD+", SHESTOV + ", KM_GAPDH_NAD"),
    "Ki_lg_nadh": (0.001, "mM", "GAPDH NADH constant (competes with NAD+)", SHESTOV + ", KM_GAPDH_NADH"),
    "K_lg_adp": (0.05, "mM", "PGK apparent Km ADP", CHOSEN + " (order of magnitude of PGK's MgADP Km)"),
    # --- pyruvate kinase ----------------------------------------------------------------------
    "V_pk": (4.0, "mM/s", "pyruvate kinase Vmax", CHOSEN),
    "K_pk_pep": (0.225, "mM", "PK Km PEP (R state)", MULQ + ", KRpkpep 2.25e-4 M"),
    "K_pk_adp": (0.474, "mM", "PK Km MgADP (R state)", MULQ + ", KRpkmgadp 4.74e-4 M"),
    # --- lactate dehydrogenase and export -----------------------------------------------------
    "V_ldh": (434.0 / 60, "mM/s", "LDH Vmax (434 mM/min)", SHESTOV + ", Vf_LDH"),
    "K_ldh_pyr": (0.5, "mM", "LDH Km pyruvate", SHESTOV + ", KM_LDH_PYR"),
    "K_ldh_nadh": (0.001, "mM", "LDH Km NADH", SHESTOV + ", KM_LDH_NADH"),
    "K_ldh_lac": (5.0, "mM", "LDH Km lactate", SHESTOV + ", KM_LDH_LAC"),
    "K_ldh_nad": (0.549, "mM", "LDH Km NAD+", SHESTOV + ", KM_LDH_NAD"),
    "Keq_ldh": (15385.0, "1", "LDH equilibrium [lac][NAD+]/([pyr][NADH]) at pH 7.2", SHESTOV + ", KE_LDH (dG0' -23.9 kJ/mol)"),
    "V_mct": (60.0 / 60, "mM/s", "MCT Vmax (60 mM/min)", SHESTOV + ", Vf_LACT"),
    "K_mct": (3.0, "mM", "MCT Km lactate (both sides)", SHESTOV + ", KM_LACT_LAC"),
    # --- adenylate kinase and ATP demand ------------------------------------------------------
    "V_ak": (2000.0 / 60, "mM/s", "adenylate kinase Vmax (2000 mM/min)", SHESTOV + ", Vf_AK"),
    "K_ak_f": (5.0, "mM^2", "AK forward constant (ATP*AMP)", SHESTOV + ", KMf_AK"),
    "K_ak_b": (2.0, "mM^2", "AK backward constant (ADP^2)", SHESTOV + ", KMb_AK"),
    "Keq_ak": (1.0, "1", "AK equilibrium ADP^2/(ATP*AMP)", SHESTOV + ", KE_AK"),
    "k_load": (0.015, "1/s", "ATP demand rate constant (the load): J = k_load * ATP", BERTRAM + ", Jhyd = (khyd*c + Jhydbas)*ATPc, form; value CHOSEN"),
    # --- NADH shuttle (malate-aspartate, lumped) ----------------------------------------------
    "V_mas": (0.02, "mM/s", "malate-aspartate shuttle capacity (cytosolic volume)", CHOSEN + " (with K_mas: resting cytosolic NAD+/NADH ~800, as the ~700 of Williamson, Lund & Krebs 1967 Biochem J 103:514 in liver [unverified here])"),
    "K_mas": (0.002, "1", "shuttle half-saturation in the cytosolic NADH/NAD+ ratio", CHOSEN),
    # --- pyruvate oxidation (MPC, PDH, TCA cycle; lumped) -------------------------------------
    "V_pdh": (0.015, "mM/s", "pyruvate oxidation capacity (cytosolic volume)", CHOSEN),
    "K_pdh_pyr": (0.05, "mM", "apparent Km of pyruvate oxidation for cytosolic pyruvate", CHOSEN + " (MPC/PDH Km are tens of uM)"),
    "K_pdh_nadh": (1.0, "1", "NADH/NAD+ ratio halving PDH (product inhibition), form J ~ 1/(p2 + NADHm/NADm)", BERTRAM + ", p2 = 1"),
    # --- respiration, ATP synthase, ANT, leak (matrix volume; Bertram 2006 forms) -------------
    "V_res": (0.6, "mM/s", "respiratory NADH oxidation capacity", BERTRAM + ", p4 = 0.6 uM/ms"),
    "K_res_nadh": (0.1, "mM", "respiration Km matrix NADH", BERTRAM + ", p5"),
    "psi_res": (177.0, "mV", "potential halving respiration (thermodynamic back-pressure)", BERTRAM + ", p6"),
    "s_res": (5.0, "mV", "steepness of the back-pressure", BERTRAM + ", p7"),
    "K_res_o2": (0.005, "mM", "apparent Km for O2 of cellular respiration", SHESTOV + ", KM_OXPHOS_O2"),
    "n_res": (10.0, "1", "H+ pumped per NADH oxidised (complexes I, III, IV: 4 + 4 + 2)", HINKLE),
    "V_syn": (35.0, "mM/s", "F1Fo ATP synthase capacity", BERTRAM + ", p16 = 35 uM/ms"),
    "dGp0": (31.9 / 0.096485, "mV", "standard ATP synthesis free energy 31.9 kJ/mol, as a potential (divided by F)", KZ + ", delta_Gp0"),
    "n_syn": (3.0, "1", "H+ through ATP synthase per ATP (with the ANT's 1 charge: 4 H+ per cytosolic ATP, P/O 2.5)", HINKLE),
    "V_ant": (5.0, "mM/s", "ANT capacity (matrix volume)", CHOSEN + " (exceeds the synthase flux so that the ANT is not the main control)"),
    "h_ant": (0.5, "1", "fraction of the potential acting on the ANT's binding step", MK),
    "FRT": (0.0374, "1/mV", "F/RT at 310 K", "physical constants (F 96485 C/mol, R 8.314 J/mol/K, T 310 K)"),
    "p_leak": (0.002, "mM/s/mV", "proton leak conductance: J_leak = p_leak*psi + q_leak", BERTRAM + ", p17"),
    "q_leak": (-0.03, "mM/s", "proton leak offset", BERTRAM + ", p18"),
    "C_mito": (0.0018, "mM/mV", "inner-membrane capacitance (charge per matrix volume per mV)", BERTRAM + ", Cmito = 1.8 uM/mV"),
    # --- variant handles (1 = normal; variants scale these through m:set) ----------------------
    "f_ci": (1.0, "1", "complex I activity fraction (scales respiration from NADH)", "variant handle"),
    "f_civ": (1.0, "1", "complex IV activity fraction (scales respiration)", "variant handle"),
    "f_mt": (1.0, "1", "functional fraction of mtDNA-encoded complexes I, III, IV, V", "variant handle (mtdna_heteroplasmy)"),
}

# Compartment volumes: matrix/cytosol ratio of Bertram et al. 2006 (delta = 3.9/53.2).
COMPARTMENTS = {
    "c": (1.0, "cytosol (relative volume 1)", "volume reference"),
    "m": (3.9 / 53.2, "mitochondrial matrix", BERTRAM + ", delta = 3.9/53.2"),
}

# KEGG compounds of the species that are one chemical (not the g6p and pep pools), written as
# bqbiol:is annotations so that `ergon thermo` finds their formation energies.
KEGG = {
    "glc": "C00031", "fbp": "C00354", "pyr": "C00022", "lac": "C00186",
    "atp": "C00002", "adp": "C00008", "amp": "C00020", "nadh": "C00004", "nad": "C00003",
    "nadh_m": "C00004", "nad_m": "C00003", "atp_m": "C00002", "adp_m": "C00008",
}

# id: (compartment, initial mM, name, source)
S = {
    "glc": ("c", 2.59, "glucose", SHESTOV + ", GLU"),
    "g6p": ("c", 0.30, "hexose phosphates (G6P + F6P pool)", SHESTOV + ", G6P + F6P"),
    "fbp": ("c", 0.45, "fructose 1,6-bisphosphate", SHESTOV + ", FBP"),
    "pep": ("c", 0.18, "phosphoenolpyruvate (stands for the 3-carbon intermediates)", SHESTOV + ", PEP"),
    "pyr": ("c", 0.10, "pyruvate", SHESTOV + ", PYR (0.42) lowered to a normal cell's order"),
    "lac": ("c", 1.45, "lactate", SHESTOV + ", LAC"),
    "atp": ("c", 2.9, "ATP", "cytosolic adenine nucleotides 3.0 mM: " + SHESTOV + ", ATP 3.0; Traut 1994 Mol Cell Biochem 140:1 (mean ATP ~3.2 mM in mammalian cells) [unverified here]"),
    "adp": ("c", 0.1, "ADP", "see atp"),
    "amp": ("c", 0.0, "AMP", "see atp"),
    "nadh": ("c", 0.0037, "NADH", SHESTOV + ", NADH"),
    "nad": ("c", 0.546, "NAD+", SHESTOV + ", NAD"),
    "nadh_m": ("m", 1.57, "matrix NADH", WU + ", NADH_x 1.57 mM of NAD total 2.97 mM"),
    "nad_m": ("m", 1.40, "matrix NAD+", WU + ", NAD_tot - NADH_x"),
    "atp_m": ("m", 2.67, "matrix ATP", WU + ", ATP_x 2.67 mM"),
    "adp_m": ("m", 7.33, "matrix ADP", WU + ", ADP_x 7.33 mM"),
}

# id: (name, equation, rate per volume of the compartment `comp` in mM/s, comp, source)
R = [
    ("GLUT", "glucose transport (SLC2A1/3)", "=> glc", "V_glut / K_glut * (glc_e - glc) / (1 + glc_e / K_glut + glc / K_glut)", "c", SHESTOV + ", GLUT rate law"),
    ("HK", "hexokinase (HK1/2)", "glc + atp => g6p + adp",
     "V_hk * glc / (K_hk_glc + glc) * atp / (K_hk_atp + atp) / (1 + g6p / Ki_hk_g6p)", "c",
     MULQ + " constants; irreversible Michaelis-Menten with product inhibition"),
    ("PFK", "phosphofructokinase (PFKM/L/P)", "g6p + atp => fbp + adp",
     "V_pfk * (K_hpi / (1 + K_hpi) * g6p) / (K_pfk_f6p + K_hpi / (1 + K_hpi) * g6p) * atp / (K_pfk_atp + atp)"
     " / (1 + L_pfk * ((1 + atp / Ki_pfk_atp) / ((1 + amp / Ka_pfk_amp) * (1 + K_hpi / (1 + K_hpi) * g6p / K_pfk_f6p)))^4)", "c",
     MULQ + ", two-state (MWC) PFK with ATP inhibition and AMP activation, simplified (no Mg2+, 2,3-BPG, Pi terms)"),
    ("LGLY", "lower glycolysis, lumped (ALDOA, TPI1, GAPDH, PGK1, PGAM1, ENO1)", "fbp + 2 nad + 2 adp => 2 pep + 2 nadh + 2 atp",
     "V_lg * fbp / (K_lg_fbp + fbp) * nad / (K_lg_nad * (1 + nadh / Ki_lg_nadh) + nad) * adp / (K_lg_adp + adp)", "c",
     "stoichiometry: Berg, Tymoczko & Stryer, Biochemistry 7th ed., ch. 16; constants " + SHESTOV),
    ("PK", "pyruvate kinase (PKM)", "pep + adp => pyr + atp",
     "V_pk * pep / (K_pk_pep + pep) * adp / (K_pk_adp + adp)", "c", MULQ + " (R-state constants; allostery omitted)"),
    ("LDH", "lactate dehydrogenase (LDHA/LDHB)", "pyr + nadh <=> lac + nad",
     "V_ldh / (K_ldh_pyr * K_ldh_nadh) * (pyr * nadh - lac * nad / Keq_ldh) / (1 + pyr / K_ldh_pyr + nadh / K_ldh_nadh"
     " + pyr * nadh / (K_ldh_pyr * K_ldh_nadh) + lac / K_ldh_lac + nad / K_ldh_nad + lac * nad / (K_ldh_lac * K_ldh_nad))", "c",
     SHESTOV + ", LDH rate law"),
    ("MCT", "lactate export (SLC16A1/3)", "lac =>", "V_mct / K_mct * (lac - lac_e) / (1 + lac / K_mct + lac_e / K_mct)", "c",
     SHESTOV + ", LACT rate law (reversible: negative = uptake)"),
    ("AK", "adenylate kinase (AK1)", "atp + amp <=> 2 adp",
     "V_ak / K_ak_f * (atp * amp - adp * adp / Keq_ak) / (1 + atp * amp / K_ak_f + adp * adp / K_ak_b)", "c", SHESTOV + ", AK rate law"),
    ("ATPASE", "ATP demand (the load: ion pumps, synthesis)", "atp => adp", "k_load * atp", "c", BERTRAM + ", Jhyd form"),
    ("MAS", "malate-aspartate shuttle, lumped (MDH1/2, GOT1/2, SLC25A11, SLC25A12/13)", "nadh + nad_m => nad + nadh_m",
     "V_mas * piecewise(nadh * nad_m - nad * nadh_m * exp(-FRT * dpsi), nadh * nad_m > nad * nadh_m * exp(-FRT * dpsi), 0)"
     " / ((K_mas * nad + nadh) * (nad_m + nadh_m))", "c",
     "stoichiometry: Berg, Tymoczko & Stryer ch. 18; the aspartate/glutamate carrier imports one H+ per NADH "
     "(LaNoue & Tischler 1974 J Biol Chem 249:7522), so the shuttle runs until the matrix NADH/NAD+ ratio is "
     "exp(F dpsi/RT) times the cytosolic one and charges one H+ to the potential; it does not run backwards (the "
     "electrogenic glutamate/aspartate exchange is unidirectional, LaNoue & Tischler 1974); capacity CHOSEN"),
    ("PDH", "pyruvate oxidation, lumped (MPC1/2, PDH complex, TCA cycle)", "pyr + 4.6 nad_m + adp_m => 4.6 nadh_m + atp_m",
     "f_pdh * V_pdh * pyr / (K_pdh_pyr + pyr) * K_pdh_nadh * nad_m / (K_pdh_nadh * nad_m + nadh_m)", "c",
     "stoichiometry: per pyruvate 4 NADH + 1 FADH2 + 1 GTP (Stryer ch. 17); FADH2 enters at ubiquinone (6 instead of 10 H+, "
     + HINKLE + ") so it counts as 0.6 NADH; GTP counted as matrix ATP; NADH/NAD+ inhibition form " + BERTRAM),
    ("RES", "respiratory chain, lumped (complexes I, III, IV)", "nadh_m => nad_m",
     "f_ci * f_civ * f_mt * V_res * nadh_m / (K_res_nadh + nadh_m) * o2 / (K_res_o2 + o2) / (1 + exp((dpsi - psi_res) / s_res))", "m",
     BERTRAM + ", Jo; O2 term " + SHESTOV + "; pumps n_res H+ (rate rule of dpsi); O2 use = RES/2"),
    ("SYN", "F1Fo ATP synthase (MT-ATP6/8, ATP5*)", "adp_m => atp_m",
     "f_mt * V_syn * (exp(FRT * (n_syn * dpsi - dGp0 - ln(1000 * atp_m / (adp_m * pi)) / FRT)) - 1)"
     " / (exp(FRT * (n_syn * dpsi - dGp0 - ln(1000 * atp_m / (adp_m * pi)) / FRT)) + 1)", "m",
     KZ + ": v = k (g - 1)/(g + 1), g = 10^((nA*dp - dGp)/Z), dGp = dGp0/F + Z log10(ATP/(ADP Pi)) (Z/ln10 = RT/F); "
     "reversible, near equilibrium at rest; takes n_syn H+ (rate rule of dpsi); capacity " + BERTRAM + ", p16"),
    ("ANT", "adenine nucleotide translocator (SLC25A4/5/6)", "atp_m + adp => adp_m + atp",
     "V_ant * (adp * atp_m - atp * adp_m * exp(-FRT * dpsi)) / ((adp + atp * exp(-h_ant * FRT * dpsi)) * (atp_m + adp_m))", "m",
     MK + " (numerator and denominator multiplied by ADP_c*ATP_m so that it stays finite at zero ADP); moves one charge (rate rule of dpsi)"),
]
# Proton-motive force: the membrane potential alone (the pH gradient is folded into it, as in Bertram 2006).
DPSI = ("dpsi", 160.0, "mV", "mitochondrial membrane potential (proton-motive force, pH part folded in)",
        "initial value; " + WU + ", deltaPsi 166.67 mV; " + BERTRAM + ", dpsi/dt = (J_H,res - J_H,atp - J_ANT - J_leak)/Cmito")
DPSI_RATE = "(n_res * J_RES - n_syn * J_SYN - J_ANT - J_MAS * c / m - (p_leak * dpsi + q_leak)) / C_mito"
EXTRA = {"f_pdh": (1.0, "1", "PDH activity fraction", "variant handle (pdh_deficiency, warburg)")}


def parse(eq):
    def side(text):
        out = []
        for term in filter(None, (t.strip() for t in text.split(" + "))):
            parts = term.split()
            out.append((float(parts[0]), parts[1]) if len(parts) == 2 else (1.0, parts[0]))
        return out
    lhs, rhs = eq.split("<=>") if "<=>" in eq else eq.split("=>")
    return side(lhs), side(rhs), "<=>" in eq


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notes(*lines):
    return ('<body xmlns="http://www.w3.org/1999/xhtml">' + "".join(f"<p>{escape(l)}</p>" for l in lines) + "</body>")


def check(code, what):
    if code != libsbml.LIBSBML_OPERATION_SUCCESS:
        sys.exit(f"libsbml: {what}: {libsbml.OperationReturnValue_toString(code)}")


# SBML unit definitions for the unit strings of the tables: (kind, exponent, scale) factors.
UNITS = {
    "mM": ("mM", [(libsbml.UNIT_KIND_MOLE, 1, -3), (libsbml.UNIT_KIND_LITRE, -1, 0)]),
    "mM/s": ("mM_per_s", [(libsbml.UNIT_KIND_MOLE, 1, -3), (libsbml.UNIT_KIND_LITRE, -1, 0), (libsbml.UNIT_KIND_SECOND, -1, 0)]),
    "mM^2": ("mM2", [(libsbml.UNIT_KIND_MOLE, 2, -3), (libsbml.UNIT_KIND_LITRE, -2, 0)]),
    "1/s": ("per_s", [(libsbml.UNIT_KIND_SECOND, -1, 0)]),
    "mV": ("mV", [(libsbml.UNIT_KIND_VOLT, 1, -3)]),
    "1/mV": ("per_mV", [(libsbml.UNIT_KIND_VOLT, -1, -3)]),
    "mM/s/mV": ("mM_per_s_per_mV", [(libsbml.UNIT_KIND_MOLE, 1, -3), (libsbml.UNIT_KIND_LITRE, -1, 0),
                                    (libsbml.UNIT_KIND_SECOND, -1, 0), (libsbml.UNIT_KIND_VOLT, -1, -3)]),
    "mM/mV": ("mM_per_mV", [(libsbml.UNIT_KIND_MOLE, 1, -3), (libsbml.UNIT_KIND_LITRE, -1, 0), (libsbml.UNIT_KIND_VOLT, -1, -3)]),
    "mmol": ("mmol", [(libsbml.UNIT_KIND_MOLE, 1, -3)]),
    "1": ("dimensionless", None),
}


def unit_id(model, units):
    uid, factors = UNITS[units]
    if factors is not None and model.getUnitDefinition(uid) is None:
        ud = model.createUnitDefinition()
        ud.setId(uid)
        for kind, exponent, scale in factors:
            u = ud.createUnit(); u.setKind(kind); u.setExponent(exponent); u.setScale(scale); u.setMultiplier(1.0)
    return uid


def build():
    doc = libsbml.SBMLDocument(3, 2)
    model = doc.createModel()
    model.setId("human_energy_kinetic")
    model.setName("Kinetic model of human cellular energy metabolism (glycolysis + oxidative phosphorylation + ATP demand)")
    check(model.setNotes(notes(
        "Generated by pathways/tools/build_kinetic_model.py; never edit by hand.",
        "Units: concentrations mM, time s, potential mV; reaction rates are amounts per s (mM times relative compartment volume).",
        "Every parameter, species and reaction has its source in its notes (SOURCE: ...); pathways/README.md lists them.",
    )), "model notes")
    model.setTimeUnits("second")
    model.setSubstanceUnits(unit_id(model, "mmol"))
    model.setExtentUnits(unit_id(model, "mmol"))
    model.setVolumeUnits("litre")
    for cid, (size, name, src) in COMPARTMENTS.items():
        c = model.createCompartment()
        c.setId(cid); c.setName(name); c.setSize(size); c.setConstant(True); c.setSpatialDimensions(3); c.setUnits("litre")
        check(c.setNotes(notes(f"SOURCE: {src}")), cid)
    for pid, (value, units, meaning, src) in {**P, **EXTRA}.items():
        p = model.createParameter()
        p.setId(pid); p.setName(meaning); p.setValue(value); p.setConstant(False); p.setUnits(unit_id(model, units))
        check(p.setNotes(notes(f"VALUE: {value:g} {units}", f"SOURCE: {src}")), pid)
    pid, value, units, meaning, src = DPSI
    p = model.createParameter()
    p.setId(pid); p.setName(meaning); p.setValue(value); p.setConstant(False); p.setUnits(unit_id(model, units))
    check(p.setNotes(notes(f"VALUE: {value:g} {units} (initial)", f"SOURCE: {src}")), pid)
    for sid, (comp, conc, name, src) in S.items():
        s = model.createSpecies()
        s.setId(sid); s.setName(name); s.setCompartment(comp); s.setInitialConcentration(conc)
        s.setHasOnlySubstanceUnits(False); s.setBoundaryCondition(False); s.setConstant(False)
        s.setSubstanceUnits(unit_id(model, "mmol"))
        check(s.setNotes(notes(f"INITIAL: {conc:g} mM", f"SOURCE: {src}")), sid)
        if sid in KEGG:
            s.setMetaId(f"meta_{sid}")
            term = libsbml.CVTerm(libsbml.BIOLOGICAL_QUALIFIER)
            term.setBiologicalQualifierType(libsbml.BQB_IS)
            term.addResource(f"http://identifiers.org/kegg.compound/{KEGG[sid]}")
            check(s.addCVTerm(term), f"annotation of {sid}")
    for rid, name, eq, rate, comp, src in R:
        # J_<id>: the rate per volume of its compartment (mM/s), reported and used by the potential.
        j = model.createParameter()
        j.setId(f"J_{rid}"); j.setName(f"{name}: rate per {comp} volume (mM/s)"); j.setConstant(False); j.setValue(0.0)
        j.setUnits(unit_id(model, "mM/s"))
        rule = model.createAssignmentRule()
        rule.setVariable(f"J_{rid}")
        check(rule.setMath(libsbml.parseL3Formula(rate)), f"rate of {rid}: {libsbml.getLastParseL3Error()}")
        lhs, rhs, reversible = parse(eq)
        r = model.createReaction()
        r.setId(rid); r.setName(name); r.setReversible(reversible)
        for st, sp in lhs:
            x = r.createReactant(); x.setSpecies(sp); x.setStoichiometry(st); x.setConstant(True)
        for st, sp in rhs:
            x = r.createProduct(); x.setSpecies(sp); x.setStoichiometry(st); x.setConstant(True)
        kl = r.createKineticLaw()
        check(kl.setMath(libsbml.parseL3Formula(f"{comp} * J_{rid}")), rid)
        check(r.setNotes(notes(f"RATE (mM/s, per {comp} volume): {rate}", f"SOURCE: {src}")), rid)
    rr = model.createRateRule()
    rr.setVariable("dpsi")
    check(rr.setMath(libsbml.parseL3Formula(DPSI_RATE)), "dpsi rate")
    # Observables: O2 use (per cytosolic volume, as the other fluxes reported), ATP production, ATP/ADP.
    for oid, formula, name, units in [
        ("J_O2", "J_RES * m / c / 2", "O2 consumption per cytosolic volume (mM/s)", "mM/s"),
        ("J_ATP_glyc", "2 * J_LGLY + J_PK - J_HK - J_PFK", "net glycolytic ATP production (mM/s)", "mM/s"),
        ("J_ATP_ox", "J_ANT * m / c", "ATP exported from mitochondria per cytosolic volume (mM/s)", "mM/s"),
        ("J_ATP", "J_ATP_glyc + J_ATP_ox", "total ATP production (mM/s) = ATP demand at steady state", "mM/s"),
        ("atp_adp", "atp / adp", "cytosolic ATP/ADP", "1"),
    ]:
        p = model.createParameter(); p.setId(oid); p.setName(name); p.setConstant(False); p.setValue(0.0)
        p.setUnits(unit_id(model, units))
        rule = model.createAssignmentRule(); rule.setVariable(oid)
        check(rule.setMath(libsbml.parseL3Formula(formula)), oid)
    doc.checkConsistency()
    errors = [doc.getError(i) for i in range(doc.getNumErrors())
              if doc.getError(i).getSeverity() >= libsbml.LIBSBML_SEV_ERROR]
    if errors:
        sys.exit("\n".join(e.getMessage() for e in errors))
    libsbml.writeSBMLToFile(doc, OUT)
    print(f"wrote {os.path.relpath(OUT)}: {len(S)} species, {len(R)} reactions, {len(P) + len(EXTRA)} parameters")


if __name__ == "__main__":
    build()
