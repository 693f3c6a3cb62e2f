#!/usr/bin/python3
"""Copies the part of ../shared/thermo that ergon's own models use into datasets/.

Run from the repository root:  /usr/bin/python3 datasets/tools/extract_thermo_subset.py ../shared/thermo

Writes
  datasets/thermo_formation_species.tsv  species-level formation energies (CC2013 and Alberty2006
                                         rows) of every KEGG compound bigg_kegg_map.tsv names;
  datasets/thermo_compounds.tsv          per KEGG compound: name, the BiGG ids mapped to it, the
                                         formula and its charge (pyTFA's pH-7 species, through the
                                         SEED id), CC2013 estimate type;
  datasets/thermo_mdf_bounds.tsv         the MDF default concentration bounds, unchanged.
Sources are listed in datasets/SOURCES.md.
"""
import csv
import os
import shutil
import sys

# Coenzyme Q10 is not in pyTFA (no SEED id); its formula is that of the C59 quinone/quinol.
EXTRA_FORMULAS = {"C00399": ("C59H90O4", 0), "C00390": ("C59H92O4", 0)}


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main(shared):
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    mapping = rows(os.path.join(shared, "bigg_kegg_map.tsv"))
    pytfa = {r["seed_id"]: r for r in rows(os.path.join(shared, "pytfa_metabolites.tsv"))}
    energies = {r["kegg_id"]: r for r in rows(os.path.join(shared, "formation_energies.tsv"))}
    compounds = {}
    for m in mapping:
        k = m["kegg_id"]
        if not k:
            continue
        c = compounds.setdefault(k, {"bigg": [], "seed": "", "name": m["kegg_name"] or m["name"]})
        c["bigg"].append(m["bigg_id"])
        if m["seed_id"] and not c["seed"]:
            c["seed"] = m["seed_id"]
    with open(os.path.join(out, "thermo_compounds.tsv"), "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["kegg_id", "name", "bigg_ids", "formula", "formula_charge", "estimate_type",
                    "formula_source"])
        for k in sorted(compounds):
            c = compounds[k]
            formula, charge, src = "", "", ""
            if c["seed"] in pytfa and pytfa[c["seed"]]["formula"]:
                formula = pytfa[c["seed"]]["formula"]
                charge = pytfa[c["seed"]]["charge_std"]
                src = "pytfa " + c["seed"]
            elif k in EXTRA_FORMULAS:
                formula, charge = EXTRA_FORMULAS[k]
                src = "coenzyme Q10 structure"
            est = energies[k]["estimate_type"] if k in energies else ""
            w.writerow([k, c["name"], ";".join(c["bigg"]), formula, charge, est, src])
    with open(os.path.join(shared, "formation_species.tsv"), newline="") as f, \
            open(os.path.join(out, "thermo_formation_species.tsv"), "w", newline="") as g:
        r = csv.reader(f, delimiter="\t")
        w = csv.writer(g, delimiter="\t", lineterminator="\n")
        w.writerow(next(r))
        for row in r:
            if row[0] in compounds:
                w.writerow(row)
    shutil.copyfile(os.path.join(shared, "mdf_default_bounds.tsv"),
                    os.path.join(out, "thermo_mdf_bounds.tsv"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "thermo"))
