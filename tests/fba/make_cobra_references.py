#!/usr/bin/python3
"""Writes the COBRApy reference answers that ergon's FBA integration tests compare against.

Run with Debian's interpreter (COBRApy 0.26.2, optlang on GLPK 5.0):
    /usr/bin/python3 tests/fba/make_cobra_references.py [--shared DIR] [--cobra-data DIR] [--only NAME]

One JSON file per model in tests/fba/references/<name>.json; ids are COBRApy's (R_/G_ prefix
clipped, __40__-style escapes decoded). Infeasible or failed optimisations appear as null with
COBRApy's status string next to them, exactly as COBRApy reports them. Each analysis also
records COBRApy's wall time (single process) so ergon's speed can be compared on the same machine.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

import cobra
from cobra.flux_analysis.loopless import add_loopless
from cobra.flux_analysis import (find_essential_genes, find_essential_reactions)
from cobra.flux_analysis import (double_gene_deletion, flux_variability_analysis, pfba,
                                 single_gene_deletion, single_reaction_deletion)

HERE = os.path.dirname(os.path.abspath(__file__))

# name -> (file, relative to which root, analyses)
FULL = ("fba", "pfba", "fva", "single_gene", "single_reaction")
MODELS = {
    "e_coli_core": ("shared", "models/fba/e_coli_core.xml",
                    FULL + ("double_gene", "fva_loopless", "loopless", "moma", "essential")),
    "iJO1366": ("shared", "models/fba/iJO1366.xml.gz", FULL),
    "salmonella": ("shared", "models/fba/salmonella.xml.gz", FULL),
    "mini": ("shared", "models/fba/mini.xml", ("fba", "pfba", "single_gene")),
    "mini_fbc1": ("cobra", "mini_fbc1.xml", ("fba", "pfba", "fva", "single_gene")),
    "mini_cobra": ("cobra", "mini_cobra.xml", ("fba", "pfba", "fva", "single_gene")),
    # COBRA-Toolbox L2 file (kinetic-law bounds, notes GPRs) without an objective in the file.
    "mitocore": ("shared", "models/fba/mitocore_v1.01.xml", FULL, "OF_ATP_MitoCore"),
}


def number(x):
    """JSON number or null; 12 significant digits are plenty for 1e-6 comparisons."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return float("%.12g" % x)


def deletions_to_json(frame):
    out = {}
    for ids, growth, status in zip(frame["ids"], frame["growth"], frame["status"]):
        out[",".join(sorted(ids))] = [number(growth), status]
    return dict(sorted(out.items()))


def timed(record, key, fn):
    start = time.perf_counter()
    value = fn()
    elapsed = time.perf_counter() - start
    record.setdefault("cobra_seconds", {})[key] = round(elapsed, 3)
    print("  %s: %.3f s" % (key, elapsed), file=sys.stderr, flush=True)
    return value


def references(path, analyses, objective=None):
    model = cobra.io.read_sbml_model(path)
    model.solver = "glpk"
    if objective is not None:
        model.objective = objective
    out = {"model_id": model.id, "cobra_version": cobra.__version__,
           "reactions": len(model.reactions), "genes": len(model.genes)}
    solution = timed(out, "fba", lambda: model.optimize())
    out["fba"] = {"status": solution.status,
                  "objective": number(solution.objective_value if solution.status == "optimal" else None)}
    if "pfba" in analyses:
        try:
            result = timed(out, "pfba", lambda: pfba(model))
            out["pfba"] = {"status": result.status, "total_flux": number(result.objective_value)}
        except Exception as error:  # COBRApy raises when the FBA step is infeasible
            out["pfba"] = {"status": "infeasible", "total_flux": None, "error": str(error)}
    if "loopless" in analyses:
        with model:
            add_loopless(model)
            result = timed(out, "loopless", lambda: model.optimize())
            out["loopless"] = {"status": result.status, "objective": number(result.objective_value)}
    if "fva" in analyses and solution.status == "optimal":
        out["fva"] = {}
        for fraction in (1.0, 0.9):
            frame = timed(out, "fva_%g" % fraction,
                          lambda: flux_variability_analysis(model, fraction_of_optimum=fraction, processes=1))
            out["fva"]["%g" % fraction] = {
                rid: [number(row.minimum), number(row.maximum)] for rid, row in frame.iterrows()}
    if "fva_loopless" in analyses and solution.status == "optimal":
        out["fva_loopless"] = {}
        for fraction in (1.0, 0.9):
            frame = timed(out, "fva_loopless_%g" % fraction,
                          lambda: flux_variability_analysis(model, fraction_of_optimum=fraction,
                                                            loopless=True, processes=1))
            out["fva_loopless"]["%g" % fraction] = {
                rid: [number(row.minimum), number(row.maximum)] for rid, row in frame.iterrows()}
    if "single_gene" in analyses:
        out["single_gene_deletions"] = deletions_to_json(
            timed(out, "single_gene", lambda: single_gene_deletion(model, processes=1)))
    if "single_reaction" in analyses:
        out["single_reaction_deletions"] = deletions_to_json(
            timed(out, "single_reaction", lambda: single_reaction_deletion(model, processes=1)))
    if "moma" in analyses:
        # MOMA's reference is COBRApy's pFBA solution, which need not be unique: record it so
        # the comparison can start from the same point.
        wild_type = pfba(model)
        out["moma_reference_fluxes"] = {rid: number(v) for rid, v in wild_type.fluxes.items()}
        out["single_gene_deletions_linear_moma"] = deletions_to_json(
            timed(out, "single_gene_linear_moma",
                  lambda: single_gene_deletion(model, method="linear moma", solution=wild_type, processes=1)))
    # find_essential_* re-run the deletion sweeps; on salmonella GLPK (no iteration limit in
    # COBRApy) once sat in glp_simplex for minutes doing so. Elsewhere the test derives the
    # essential sets from the deletion tables by the same rule (NaN or < 1 % of the optimum).
    if "essential" in analyses and solution.status == "optimal":
        out["essential_genes"] = sorted(g.id for g in find_essential_genes(model, processes=1))
        out["essential_reactions"] = sorted(r.id for r in find_essential_reactions(model, processes=1))
    if "double_gene" in analyses:
        out["double_gene_deletions"] = deletions_to_json(
            timed(out, "double_gene", lambda: double_gene_deletion(model, processes=1)))
    return out


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        # COBRApy runs deletions in the iteration order of a set of frozensets, which follows
        # Python's per-process hash seed; the order changes GLPK's warm starts, and salmonella's
        # reaction-deletion growth then moves by up to 1.2e-6 between runs. Fix the seed.
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.path.join(HERE, "..", "..", "..", "shared"))
    parser.add_argument("--cobra-data", default="/usr/share/python-cobra/data")
    parser.add_argument("--only", action="append", help="model name (repeatable)")
    parser.add_argument("--out", default=os.path.join(HERE, "references"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if not args.only:
        # One fresh interpreter per model: in a single long run COBRApy once sat in
        # glp_simplex on salmonella for over 20 minutes after iJO1366, where salmonella
        # alone takes about 30 s.
        for name in MODELS:
            subprocess.run([sys.executable, os.path.abspath(__file__), "--shared", args.shared,
                            "--cobra-data", args.cobra_data, "--out", args.out, "--only", name],
                           check=True)
        return
    for name, (root, relative, analyses, *objective) in MODELS.items():
        if name not in args.only:
            continue
        path = os.path.join(args.shared if root == "shared" else args.cobra_data, relative)
        print("%s: %s" % (name, path), file=sys.stderr, flush=True)
        data = references(path, analyses, *objective)
        data["file"] = relative
        if objective:
            data["objective"] = objective[0]
        with open(os.path.join(args.out, name + ".json"), "w") as handle:
            json.dump(data, handle, indent=0, sort_keys=False)
            handle.write("\n")


if __name__ == "__main__":
    main()
